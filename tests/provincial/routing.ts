// A dossier filed beyond the commune's boundary ("phi địa giới hành chính", issue 13 §5) is
// decided by its competent agency and returned where the citizen filed it. The province routes
// it: the competent agency's queue holds it beside its own dossiers, only that agency may move
// its status while it is being decided, and every move goes on the receiving agency's feed, so
// the result comes back to the desk that issued the receipt through its normal pull.
import { ApiError } from './errors.ts';
import { moveStatus, type StatusMove } from './changes.ts';
import { type Db, type Folders } from './store.ts';
import { statusLabel } from './statuses.ts';

export interface QueueRow {
  id: string;
  code: string;
  status: number;
  statusLabel: string | null;
  procedureCode: string;
  receivedAt: string;
  /** The agency that received the dossier and returns the result. */
  receivingAgencyId: string;
  /** True when another agency received it for this one. */
  routed: boolean;
}

/** What an agency decides: its own dossiers not filed for another, and those filed elsewhere for it. No personal data. */
export function competentQueue(db: Db, agencyId: string): QueueRow[] {
  const rows = db
    .prepare(
      `SELECT id, code, status, received_at AS receivedAt, agency_id AS receivingAgencyId,
              json_extract(body, '$.procedureCode') AS procedureCode,
              json_extract(body, '$.beyondBoundary.competent.agencyId') AS competent
       FROM dossiers
       WHERE (competent IS NULL AND agency_id = ?) OR competent = ?
       ORDER BY id`,
    )
    .all(agencyId, agencyId) as Array<Omit<QueueRow, 'routed' | 'statusLabel'> & { competent: string | null }>;
  return rows.map(({ competent, ...r }) => ({ ...r, statusLabel: statusLabel(r.status)?.vi ?? null, routed: competent !== null }));
}

/** The agency that decides a dossier: the competent one when it was filed beyond the boundary, else the receiving one. */
export function decidingAgency(db: Db, dossierId: string): string | undefined {
  const row = db
    .prepare("SELECT agency_id AS receiving, json_extract(body, '$.beyondBoundary.competent.agencyId') AS competent FROM dossiers WHERE id = ?")
    .get(dossierId) as { receiving: string; competent: string | null } | undefined;
  return row ? (row.competent ?? row.receiving) : undefined;
}

/** The deciding agency moves the dossier's status (a result file with it); the receiving agency's desk learns it on its feed. */
export async function decide(db: Db, f: Folders, agencyId: string, move: StatusMove): Promise<{ cursor: string }> {
  const deciding = decidingAgency(db, move.dossierId);
  if (deciding !== undefined && deciding !== agencyId) {
    throw new ApiError(403, 'not-competent-agency', {
      vi: `Cơ quan ${agencyId} không có thẩm quyền giải quyết hồ sơ này; cơ quan có thẩm quyền là ${deciding}.`,
      en: `Agency ${agencyId} is not competent for this dossier; the competent agency is ${deciding}.`,
    });
  }
  return moveStatus(db, f, move);
}
