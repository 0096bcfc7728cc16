// Installs a validated catalogue as a whole: the old one is replaced in the same transaction,
// so the desk never sees half of each.
import type { Catalog, Procedure } from '#domain/model.ts';
import { deskDate } from '#domain/deskTime.ts';
import { inForceOn } from '#domain/catalog/versions.ts';
import { withDatabaseNames } from '#domain/catalog/componentRules.ts';
import { procedureVersionKey, type DeskDb } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';

export const CATALOG_VERSION_KEY = 'catalogVersion';

/**
 * Writes the catalogue; call inside a transaction covering procedures, procedureVersions, rules,
 * settings and audit. Every dated version is kept (a later one, such as the
 * civil-status procedures from 1 March 2027, is installed ahead); `procedures` keeps one per code
 * for look-ups by code: the version in force on the install date, else the first listed.
 */
export async function writeCatalog(db: DeskDb, catalog: Catalog, officerId: string, now: Date = new Date()): Promise<void> {
  const versions = withDatabaseNames(catalog);
  const today = deskDate(now);
  const byCode = new Map<string, Procedure>();
  for (const p of versions) {
    const kept = byCode.get(p.code);
    if (kept === undefined || (!inForceOn(kept, today) && inForceOn(p, today))) byCode.set(p.code, p);
  }
  await db.procedures.clear();
  await db.procedures.bulkAdd([...byCode.values()]);
  await db.procedureVersions.clear();
  await db.procedureVersions.bulkAdd(versions.map((p) => ({ ...p, key: procedureVersionKey(p) })));
  await db.rules.put({
    kind: 'catalog',
    version: catalog.version,
    effectiveFrom: catalog.effectiveFrom,
    data: { count: catalog.procedures.length },
    installedAt: now.toISOString(),
  });
  await db.settings.put({ key: CATALOG_VERSION_KEY, value: catalog.version });
  await audit(db, { officerId, action: 'catalog', detail: `${catalog.version} (${catalog.procedures.length})` });
}

export async function installCatalog(db: DeskDb, catalog: Catalog, officerId: string): Promise<void> {
  await db.transaction('rw', [db.procedures, db.procedureVersions, db.rules, db.settings, db.audit], () => writeCatalog(db, catalog, officerId));
}

export async function catalogVersion(db: DeskDb): Promise<string> {
  return ((await db.settings.get(CATALOG_VERSION_KEY))?.value as string | undefined) ?? '';
}
