// v1: the first desk. The catalogue, dossiers and their register indexes (receipt and
// appointment times, decision, status by receipt time, search keys), officers, the audit
// trail, stored files, the outbox to the province, settings and rule sets.
export const version = 1;

export const stores = {
  procedures: '&code, field',
  dossiers: '&id, code, receivedAt, appointmentAt, decision, [status+receivedAt], *searchKeys',
  officers: '&id, &username',
  audit: '++seq, at, officerId, dossierId',
  files: '&id, dossierId, sha256',
  outbox: '++seq, dossierId',
  settings: '&key',
  rules: '&version, kind',
};
