// v8: the digitisation log (issue 15 §2): one row per component digitised, per component reused
// from an earlier dossier and per electronic result, so that the commune's scorecard counts them
// by month from an index without opening any dossier. A row names no person: its kind, its
// dossier's id, the desk time, the officer and the component. No existing row changes.
export const version = 8;

export const stores = {
  digitisationLog: '&id, dossierId, [kind+at]',
};
