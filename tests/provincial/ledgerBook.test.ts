// The tracking book's number on the sync wire (issue 13 §4): the desk sends the quyển số and
// số thứ tự its receipt printed, and the reference province validates and keeps them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Dossier } from '#domain/model.ts';
import { toWireDossier } from '#renderer/sync/wire.ts';
import { TestDesk, makeDossier, startTestServer, type TestServer } from './testDesk.ts';

let server: TestServer;
let desk: TestDesk;
before(async () => {
  server = await startTestServer();
  desk = await TestDesk.enrol(server.url, server.enrolmentCode('000.17.22.H56'));
});
after(() => server.close());

const ledger = { book: '01/2026', year: 2026, number: 7 };

async function issues(res: Response): Promise<string[]> {
  assert.equal(res.status, 400);
  const body = (await res.json()) as { code: string; issues?: string[] };
  assert.equal(body.code, 'dossier-invalid');
  return body.issues ?? [];
}

test('the desk puts the dossier’s book number on the wire, picked by name; none when it has none', () => {
  const base = makeDossier();
  const dossier = { ...base, deskId: '1', ledger: { ...ledger, localNote: 'x' } } as unknown as Dossier;
  assert.deepEqual(toWireDossier(dossier, [], 1).ledger, ledger);
  assert.ok(!('ledger' in toWireDossier({ ...dossier, ledger: undefined }, [], 1)));
});

test('the province keeps the book number of an accepted dossier and gives it back', async () => {
  const dossier = makeDossier([], { ledger });
  assert.equal((await desk.putDossier(dossier)).status, 200);
  const stored = (await (await desk.fetch(`/dossiers/${dossier.id}`)).json()) as { dossier: { ledger?: unknown } };
  assert.deepEqual(stored.dossier.ledger, ledger);
});

test('the province refuses a book number that is not a positive integer, a blank label, or a book of another year', async () => {
  assert.ok((await issues(await desk.putDossier(makeDossier([], { ledger: { ...ledger, number: 0 } })))).some((i) => i.startsWith('ledger.number')));
  assert.ok((await issues(await desk.putDossier(makeDossier([], { ledger: { ...ledger, number: 1.5 } })))).some((i) => i.startsWith('ledger.number')));
  assert.ok((await issues(await desk.putDossier(makeDossier([], { ledger: { ...ledger, book: '  ' } })))).some((i) => i.startsWith('ledger.book')));
  // Received at 09:15 on 23/11/2026 (+07:00): the 2026 book, not 2025's.
  assert.ok((await issues(await desk.putDossier(makeDossier([], { ledger: { ...ledger, year: 2025 } })))).some((i) => i.startsWith('ledger:')));
  const refused = makeDossier([], { decision: 'refused', status: 3, code: '', appointmentAt: null, reason: 'Không thuộc thẩm quyền', ledger });
  assert.ok((await issues(await desk.putDossier(refused))).some((i) => i.startsWith('ledger:')));
});
