// Reception offers only what is in force on the desk's date: a procedure the catalogue introduces
// from a later date (or one it ends) must not be chosen for a dossier received today.
import type { Procedure } from '#domain/model.ts';
import { deskDate } from '#domain/deskTime.ts';
import { proceduresInForce } from '#domain/catalog/versions.ts';
import type { DeskDb } from '#renderer/db/schema.ts';

/** The installed procedures in force on the desk date of `now` (Asia/Ho_Chi_Minh, not the machine's zone). */
export async function proceduresForReception(db: DeskDb, now: Date): Promise<Procedure[]> {
  // Every stored version: the one in force today may not be the one `procedures` kept at install.
  return proceduresInForce(await db.procedureVersions.toArray(), deskDate(now)).map(({ key: _key, ...p }) => p);
}
