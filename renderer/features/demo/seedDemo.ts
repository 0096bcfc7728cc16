// The demo switch: a ready-made office and a register of sample dossiers, so a newcomer
// sees a working desk at once. Also used by the benchmarks to seed large registers.
import type { DeskDb } from '#renderer/db/schema.ts';
import type { DeskSettings } from '../settings/officeSettings.ts';
import { loadOfficeSettings } from '../settings/officeSettings.ts';
import { catalogVersion } from '../catalog/installCatalog.ts';
import { formsVersionAt } from '../reception/formsVersion.ts';
import { audit } from '#renderer/db/audit.ts';
import { demoDossiers } from './demoDossiers.ts';

export const DEMO_OFFICE: Partial<DeskSettings> = {
  officeName: 'UBND Phường Mẫu (dữ liệu thử)',
  unitName: 'Bộ phận Tiếp nhận và Trả kết quả',
  agencyId: '000.99.99.H99',
  level: 'ward',
  placeName: 'Phường Mẫu',
  deskNumber: 1,
  deskCount: 2,
};

const CHUNK = 2000;

/** Adds `count` sample dossiers dated before today (each chunk one transaction) and turns on the training token. */
export async function seedDemo(db: DeskDb, count: number, until = new Date()): Promise<void> {
  const settings = await loadOfficeSettings(db);
  const officer = await db.officers.orderBy('username').first();
  if (!settings || !officer) return;
  const generator = demoDossiers({
    count,
    settings,
    procedures: await db.procedures.toArray(),
    officer,
    catalogVersion: await catalogVersion(db),
    formsVersion: await formsVersionAt(until),
    until,
  });
  let chunk = [];
  for (const dossier of generator) {
    chunk.push(dossier);
    if (chunk.length === CHUNK) {
      await db.dossiers.bulkAdd(chunk);
      chunk = [];
    }
  }
  await db.transaction('rw', db.dossiers, db.settings, db.audit, async () => {
    if (chunk.length) await db.dossiers.bulkAdd(chunk);
    // A demo office trains with the emulated token (PIN 123456), never a real one.
    // (loadSigningConfig fills in the defaults around this one field.)
    const signing = (await db.settings.get('signing'))?.value as object | undefined;
    await db.settings.put({ key: 'signing', value: { ...signing, emulator: true } });
    await audit(db, { officerId: officer.id, action: 'demo', detail: String(count) });
  });
}
