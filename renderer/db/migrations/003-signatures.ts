// v3: signing. The signatures the desk added to stored files, and the ones still waiting
// for a timestamp authority.
export const version = 3;

export const stores = {
  signatures: '&id, fileId, dossierId, timestampPending',
};
