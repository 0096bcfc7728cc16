// v6: the reception form an officer has half filled, kept as that officer's draft so that F3,
// Settings, a reload, a sign-out or a restart lose nothing (issue 14). One row per officer; the
// row holds a citizen's data, so it is sealed like a dossier (protection/protectedTables.ts) and
// carries the key id index re-protection walks. No existing row changes.
export const version = 6;

export const stores = {
  receptionDrafts: '&officerId, savedAt, kid',
};
