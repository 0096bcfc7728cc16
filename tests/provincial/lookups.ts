// The province looks up what a desk left pending ("chờ tra cứu") and sends the result back on
// the changes feed, addressed to the desk that holds the dossier. The result is checked with
// the desk's own rule (domain/catalog/lookupResult.ts) against the dossier as stored here, so a
// result for a component without a look-up never leaves the province. The stored body is not
// rewritten: the desk applies the result and sends the dossier's next version.

import { resolveLookup, type LookupResult } from '#domain/catalog/lookupResult.ts';
import { DeskError } from '#domain/errors.ts';
import type { Dossier } from '#domain/model.ts';
import { ApiError, notFound } from './errors.ts';
import { append } from './changes.ts';
import { type Db, now } from './store.ts';

/** Publishes one look-up result for a stored dossier's component; returns the feed cursor. */
export function publishLookupResult(db: Db, dossierId: string, result: LookupResult): { cursor: string } {
  const row = db.prepare('SELECT agency_id, desk_id, code, body FROM dossiers WHERE id = ?').get(dossierId) as
    { agency_id: string; desk_id: string; code: string; body: string } | undefined;
  if (!row) throw notFound('dossier-not-found', 'Không tìm thấy hồ sơ.', 'The dossier was not found.');
  const dossier = JSON.parse(row.body) as Pick<Dossier, 'code' | 'procedureCode' | 'components'>;
  const at = now();
  try {
    resolveLookup(dossier, result, { officerId: 'province', at });
  } catch (e) {
    if (e instanceof DeskError) throw new ApiError(400, 'lookup-result-invalid', e.text);
    throw e;
  }
  const cursor = append(db, row.agency_id, 'dossier.lookup', {
    at,
    dossierId,
    code: row.code,
    deskId: row.desk_id,
    specId: result.specId,
    outcome: result.outcome,
    ...(result.outcome === 'found' && result.reference ? { reference: result.reference.trim() } : {}),
  });
  return { cursor: String(cursor) };
}
