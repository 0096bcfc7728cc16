// v2: scanning. Pages in progress get their own table; files gain a component index.
export const version = 2;

export const stores = {
  files: '&id, dossierId, sha256, [dossierId+specId]',
  scanPages: '&id, dossierId, [dossierId+specId+position]',
};
