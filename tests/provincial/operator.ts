// The province's side of the counter, from the command line: enrolment codes, desks,
// dossiers and their processing, catalogue and calendar publications. It opens the same
// data folder as the running server; SQLite's WAL lets both write safely.
//
//   node --import tsx tests/provincial/operator.ts <command> [--data DIR] [options]
//   (DIR defaults to $PROVINCIAL_DATA, else tests/provincial/.data, as for the server)
//
//   enrol     --agency E-ID [--label TEXT] [--ttl-hours N]   one-time enrolment code
//   desks                                                     registered desks
//   revoke    --desk ID                                       revoke a desk's key
//   expire    --desk ID                                       end a desk's key now
//   dossiers  [--agency E-ID] [--day YYYY-MM-DD]              list dossiers (no personal data)
//   status    --dossier ID --to CODE [--note TEXT] [--result FILE.pdf] [--as E-ID]
//   queue     --agency E-ID                                  what the agency decides, routed dossiers included
//   lookup    --dossier ID --spec COMPONENT --outcome found|not-found|could-not-check [--reference NUMBER]
//   catalog   --file FILE.json                                publish a catalogue
//   calendar  --file FILE.json                                publish holiday rules

import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEnrolmentCode, expireDeskKey, listDesks, revokeDesk } from './auth.ts';
import { moveStatus, publishCalendar, publishCatalog } from './changes.ts';
import { ApiError } from './errors.ts';
import { publishLookupResult } from './lookups.ts';
import { type Db, folders, openDb } from './store.ts';
import { statusLabel } from './statuses.ts';
import { competentQueue, decide } from './routing.ts';

export function listDossiers(db: Db, filter: { agency?: string; day?: string }) {
  const rows = db
    .prepare(
      `SELECT id, agency_id AS agencyId, code, version, status, received_at AS receivedAt, json_extract(body, '$.procedureCode') AS procedureCode,
              COALESCE(json_extract(body, '$.beyondBoundary.competent.agencyId'), agency_id) AS decidingAgencyId
       FROM dossiers WHERE (? IS NULL OR agency_id = ?) AND (? IS NULL OR received_day = ?) ORDER BY id`,
    )
    .all(filter.agency ?? null, filter.agency ?? null, filter.day ?? null, filter.day ?? null) as Array<{ status: number }>;
  return rows.map((r) => ({ ...r, statusLabel: statusLabel(r.status)?.vi ?? null }));
}

function need(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`missing --${flag}`);
  return value;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      data: { type: 'string', default: process.env.PROVINCIAL_DATA ?? fileURLToPath(new URL('./.data', import.meta.url)) },
      agency: { type: 'string' },
      label: { type: 'string' },
      'ttl-hours': { type: 'string' },
      desk: { type: 'string' },
      day: { type: 'string' },
      dossier: { type: 'string' },
      to: { type: 'string' },
      note: { type: 'string' },
      result: { type: 'string' },
      as: { type: 'string' },
      file: { type: 'string' },
      spec: { type: 'string' },
      outcome: { type: 'string' },
      reference: { type: 'string' },
    },
  });
  const db = openDb(resolve(values.data));
  const f = folders(resolve(values.data));
  const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));
  try {
    switch (positionals[0]) {
      case 'enrol': {
        const agency = need(values.agency, 'agency');
        const ttl = values['ttl-hours'] ? Number(values['ttl-hours']) : 24;
        print({ agencyId: agency, ...createEnrolmentCode(db, agency, values.label ?? agency, ttl) });
        break;
      }
      case 'desks':
        print(listDesks(db));
        break;
      case 'revoke':
        print({ revoked: revokeDesk(db, need(values.desk, 'desk')) });
        break;
      case 'expire':
        print({ expired: expireDeskKey(db, need(values.desk, 'desk')) });
        break;
      case 'dossiers':
        print(listDossiers(db, { ...(values.agency ? { agency: values.agency } : {}), ...(values.day ? { day: values.day } : {}) }));
        break;
      case 'status': {
        const path = values.result;
        const move = {
          dossierId: need(values.dossier, 'dossier'),
          status: Number(need(values.to, 'to')),
          ...(values.note ? { note: values.note } : {}),
          ...(path ? { result: { name: basename(path), bytes: readFileSync(path) } } : {}),
        };
        // --as: the agency acting, which must be the one competent for the dossier.
        print(values.as ? await decide(db, f, values.as, move) : await moveStatus(db, f, move));
        break;
      }
      case 'queue':
        print(competentQueue(db, need(values.agency, 'agency')));
        break;
      case 'lookup':
        print(
          publishLookupResult(db, need(values.dossier, 'dossier'), {
            specId: need(values.spec, 'spec'),
            // Checked by publishLookupResult with the desk's own rule.
            outcome: need(values.outcome, 'outcome') as 'found',
            ...(values.reference ? { reference: values.reference } : {}),
          }),
        );
        break;
      case 'catalog':
        print(publishCatalog(db, readFileSync(need(values.file, 'file'), 'utf8')));
        break;
      case 'calendar':
        print(publishCalendar(db, readFileSync(need(values.file, 'file'), 'utf8')));
        break;
      default:
        console.error('commands: enrol, desks, revoke, expire, dossiers, status, lookup, catalog, calendar (see the top of operator.ts)');
        process.exitCode = 2;
    }
  } catch (e) {
    if (e instanceof ApiError) {
      console.error(`${e.body.code}: ${e.body.message.vi} / ${e.body.message.en}`);
      process.exitCode = 1;
    } else throw e;
  } finally {
    db.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await main();
