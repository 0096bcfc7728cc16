// The catalogue and calendar shipped with the app, used until an administrator loads newer ones.
import type { Catalog } from '#domain/model.ts';
import catalogJson from '#domain/catalog/default-catalog.json';

export const bundledCatalog = catalogJson as Catalog;
