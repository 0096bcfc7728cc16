// Installs a validated catalogue as a whole: the old one is replaced in the same transaction,
// so the desk never sees half of each.
import type { Catalog } from '#domain/model.ts';
import { DeskError } from '#domain/errors.ts';
import { versionedCodes } from '#domain/catalog/versions.ts';
import { withDatabaseNames } from '#domain/catalog/componentRules.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';

export const CATALOG_VERSION_KEY = 'catalogVersion';

/** Writes the catalogue; call inside a transaction covering procedures, rules, settings and audit. */
export async function writeCatalog(db: DeskDb, catalog: Catalog, officerId: string): Promise<void> {
  // The procedures table is keyed by code, so it holds one version of each: a catalogue with
  // dated versions validates, but is refused here by name rather than by a storage error.
  const versioned = versionedCodes(catalog.procedures);
  if (versioned.length > 0) {
    throw new DeskError('catalog.versions-not-stored', {
      vi: `Máy này chưa lưu được nhiều phiên bản của cùng một thủ tục (${versioned.join(', ')}); danh mục ${catalog.version} không được nạp phần nào.`,
      en: `This desk cannot yet store several versions of one procedure (${versioned.join(', ')}); catalogue ${catalog.version} was not loaded at all.`,
    });
  }
  await db.procedures.clear();
  await db.procedures.bulkAdd(withDatabaseNames(catalog));
  await db.rules.put({
    kind: 'catalog',
    version: catalog.version,
    effectiveFrom: catalog.effectiveFrom,
    data: { count: catalog.procedures.length },
    installedAt: new Date().toISOString(),
  });
  await db.settings.put({ key: CATALOG_VERSION_KEY, value: catalog.version });
  await audit(db, { officerId, action: 'catalog', detail: `${catalog.version} (${catalog.procedures.length})` });
}

export async function installCatalog(db: DeskDb, catalog: Catalog, officerId: string): Promise<void> {
  await db.transaction('rw', [db.procedures, db.rules, db.settings, db.audit], () => writeCatalog(db, catalog, officerId));
}

export async function catalogVersion(db: DeskDb): Promise<string> {
  return ((await db.settings.get(CATALOG_VERSION_KEY))?.value as string | undefined) ?? '';
}
