// Encryption at the Dexie core level, so every table call — add, put, update, modify,
// get, where, each, toArray — seals on the way in and opens on the way out, and no feature can
// store a citizen's data in the clear by forgetting to. It sits above Dexie's own
// middlewares: their caches and change tracking only ever see what is on disk.
import type { DBCore, DBCoreCursor, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
import type { Protection } from './protection.ts';
import { PROTECTED_TABLES, type TableProtection } from './protectedTables.ts';

type Row = Record<string, unknown>;

function protectTable(down: DBCoreTable, spec: TableProtection, protection: Protection): DBCoreTable {
  const name = down.name;
  const open = (value: unknown) => (value === undefined || value === null ? value : protection.openRecord(name, spec, value as Row));

  function wrapCursor(cursor: DBCoreCursor): DBCoreCursor {
    let raw: unknown;
    let opened: unknown;
    // IndexedDB's own getters refuse any `this` but the real cursor: delegate each one.
    return Object.create(cursor, {
      key: { get: () => cursor.key },
      primaryKey: { get: () => cursor.primaryKey },
      value: {
        get() {
          if (cursor.value !== raw) {
            raw = cursor.value;
            opened = open(raw);
          }
          return opened;
        },
      },
    }) as DBCoreCursor;
  }

  return {
    ...down,
    mutate(req: DBCoreMutateRequest) {
      // Schema upgrades run before anyone can hold the key; they only ever add kid markers.
      // (At Dexie's core a transaction is the IDBTransaction itself.)
      if ((req.trans as unknown as IDBTransaction).mode === 'versionchange') return down.mutate(req);
      if (req.type === 'add') return down.mutate({ ...req, values: req.values.map((v) => protection.sealRecord(name, spec, v as Row)) });
      if (req.type !== 'put') return down.mutate(req);
      // Dexie passes the change itself along for its sync add-on; here it would be plain text.
      const { changeSpec: _plainChange, updates: _plainUpdates, ...rest } = req;
      return down.mutate({ ...rest, values: req.values.map((v) => protection.sealRecord(name, spec, v as Row)) });
    },
    async get(req) {
      return open(await down.get(req));
    },
    async getMany(req) {
      return (await down.getMany(req)).map(open);
    },
    async query(req) {
      const response = await down.query(req);
      return req.values ? { ...response, result: response.result.map(open) } : response;
    },
    async openCursor(req) {
      const cursor = await down.openCursor(req);
      return cursor && req.values ? wrapCursor(cursor) : cursor;
    },
  };
}

export function protectionMiddleware(protection: Protection): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'Protection',
    level: 10,
    create(down) {
      return {
        ...down,
        table(tableName) {
          const table = down.table(tableName);
          const spec = PROTECTED_TABLES[tableName];
          return spec ? protectTable(table, spec, protection) : table;
        },
      };
    },
  };
}
