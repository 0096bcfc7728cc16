import type { DeskDb } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';
import { schedulePartition, type DeskPartition } from '#domain/dossierCode/allocator.ts';
import { OFFICE_KEY, validateOfficeSettings, type DeskSettings } from './officeSettings.ts';
import { PARTITIONS_KEY, initialPartitions } from '../reception/deskRules.ts';

/**
 * Validates and saves the office settings with their audit entry, in one transaction.
 * A change of desk number or desk count re-partitions the code space from tomorrow only:
 * other desks may already be numbering under today's partition.
 */
export async function saveOfficeSettings(db: DeskDb, input: unknown, officerId: string, now = new Date()): Promise<void> {
  const settings = validateOfficeSettings(input);
  await db.transaction('rw', db.settings, db.audit, async () => {
    const old = (await db.settings.get(OFFICE_KEY))?.value as DeskSettings | undefined;
    if (old && (old.deskCount !== settings.deskCount || old.deskNumber !== settings.deskNumber)) {
      const partitions = ((await db.settings.get(PARTITIONS_KEY))?.value as DeskPartition[] | undefined) ?? initialPartitions(old);
      await db.settings.put({
        key: PARTITIONS_KEY,
        value: schedulePartition(partitions, { slots: settings.deskCount, slot: settings.deskNumber }, now),
      });
    }
    await db.settings.put({ key: OFFICE_KEY, value: settings });
    await audit(db, { officerId, action: 'settings', detail: 'office' });
  });
}
