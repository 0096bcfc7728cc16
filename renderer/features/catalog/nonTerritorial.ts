// The province's list of procedures a citizen may file at this desk though another agency
// decides them (domain/catalog/nonTerritorial.ts). Installed like a catalogue: checked against
// the procedures the desk holds, stored as a rule set with its version, pointed to by one
// setting and audited, all in one transaction, so the desk never reads half of a list.
import { parseNonTerritorial, type NonTerritorialList } from '#domain/catalog/nonTerritorial.ts';
import { DeskError } from '#domain/errors.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';

export const NON_TERRITORIAL_KEY = 'nonTerritorialVersion';

/** Rule sets share one key space with catalogues and calendars; the prefix keeps them apart. */
const ruleKey = (version: string) => `non-territorial/${version}`;

/** Checks and installs a list; call inside a transaction covering procedures, rules, settings and audit. Throws DeskError, writing nothing, on bad input. */
export async function writeNonTerritorial(db: DeskDb, raw: unknown, officerId: string): Promise<NonTerritorialList> {
  const codes = new Set(await db.procedures.toCollection().primaryKeys());
  const list = parseNonTerritorial(raw, codes);
  const effectiveFrom = list.decisions.map((d) => d.effectiveFrom).sort()[0]!;
  await db.rules.put({ kind: 'nonTerritorial', version: ruleKey(list.version), effectiveFrom, data: list, installedAt: new Date().toISOString() });
  await db.settings.put({ key: NON_TERRITORIAL_KEY, value: list.version });
  const count = new Set(list.decisions.flatMap((d) => d.procedures)).size;
  await audit(db, { officerId, action: 'catalog', detail: `non-territorial ${list.version} (${count})` });
  return list;
}

export function installNonTerritorial(db: DeskDb, raw: unknown, officerId: string): Promise<NonTerritorialList> {
  return db.transaction('rw', [db.procedures, db.rules, db.settings, db.audit], () => writeNonTerritorial(db, raw, officerId));
}

/** An administrator's file: JSON that is not JSON is refused like any other bad list. */
export async function installNonTerritorialFile(db: DeskDb, text: string, officerId: string): Promise<NonTerritorialList> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const why = (e as Error).message;
    throw new DeskError('nonTerritorial.invalid', {
      vi: `Tệp danh sách tiếp nhận không phụ thuộc địa giới hành chính không phải JSON hợp lệ, không nạp phần nào: ${why}`,
      en: `The beyond-boundary list file is not valid JSON; nothing was loaded: ${why}`,
    });
  }
  return installNonTerritorial(db, raw, officerId);
}

/** The list in force on this desk, or null when none was installed (then nothing is filed beyond the boundary). */
export async function currentNonTerritorial(db: DeskDb): Promise<NonTerritorialList | null> {
  const version = (await db.settings.get(NON_TERRITORIAL_KEY))?.value as string | undefined;
  if (!version) return null;
  const row = await db.rules.get(ruleKey(version));
  return row ? (row.data as NonTerritorialList) : null;
}
