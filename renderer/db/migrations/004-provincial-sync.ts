// v4: provincial sync. The outbox stays the list of what to send; these hold the rest.
export const version = 4;

export const stores = {
  syncState: '&key',
  syncUploads: '&sha256',
  dossierSync: '&dossierId, state, receivedDay',
  syncResults: '&id, dossierId, pending',
};
