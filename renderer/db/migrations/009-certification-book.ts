// v9: the electronic certification book (issue 15 §1): one row per certified copy and per
// refusal. A certified copy's [year+number] is unique, so the database itself refuses a number
// twice; refusals carry no number and stay out of that index. A row names no citizen (the
// document's kind, pages, fee, the officer's id, the copy's hash), so it stays in the clear like
// the digitisation log. No existing row changes.
export const version = 9;

export const stores = {
  certifications: '&id, day, &[year+number]',
};
