// Desk enrolment and authentication against a real server on loopback.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expireDeskKey, revokeDesk } from './auth.ts';
import { TestDesk, makeDossier, startTestServer, type TestServer } from './testDesk.ts';

const AGENCY_A = '000.17.22.H56';
const AGENCY_B = 'H15.50.05.13';

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { code: string }).code;
}

describe('desk enrolment and authentication', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('a good code registers a desk of its agency once; used, wrong and expired codes are refused', async () => {
    const code = server.enrolmentCode(AGENCY_A);
    const keys = await TestDesk.newKeys();
    const first = await TestDesk.register(server.url, code, keys);
    assert.equal(first.status, 201);
    const desk = (await first.json()) as { deskId: string; agencyId: string };
    assert.equal(desk.agencyId, AGENCY_A);

    // Lost answer: the same key asking again gets the same desk.
    const again = await TestDesk.register(server.url, code.toLowerCase(), keys);
    assert.equal(again.status, 201);
    assert.equal(((await again.json()) as { deskId: string }).deskId, desk.deskId);

    const used = await TestDesk.register(server.url, code);
    assert.equal(used.status, 409);
    assert.equal(await errorCode(used), 'enrolment-code-used');

    const wrong = await TestDesk.register(server.url, 'AAAA-BBBB-CCCC');
    assert.equal(wrong.status, 401);
    assert.equal(await errorCode(wrong), 'enrolment-code-invalid');

    const late = server.enrolmentCode(AGENCY_A);
    server.db.prepare('UPDATE enrolment_codes SET expires_ms = 0 WHERE used_by_desk IS NULL').run();
    const expired = await TestDesk.register(server.url, late);
    assert.equal(expired.status, 410);
    assert.equal(await errorCode(expired), 'enrolment-code-expired');
  });

  test('requests without a token, with a forged one or a forged signature are refused with their code', async () => {
    const desk = await TestDesk.enrol(server.url, server.enrolmentCode(AGENCY_A));
    assert.equal((await desk.fetch('/changes')).status, 200);

    const none = await fetch(`${server.url}/changes`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /auth-required/);
    assert.equal(await errorCode(none), 'auth-required');

    const forged = await fetch(`${server.url}/changes`, { headers: { Authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    assert.equal(forged.status, 401);
    assert.equal(await errorCode(forged), 'token-invalid');

    const otherKey = await TestDesk.newKeys();
    const badSignature = await desk.requestToken(otherKey.privateKey);
    assert.equal(badSignature.status, 401);
    assert.equal(await errorCode(badSignature), 'signature-invalid');
    const spent = server.db.prepare('SELECT count(*) AS n FROM challenges WHERE desk_id = ?').get(desk.deskId) as { n: number };
    assert.equal(spent.n, 0, 'a wrong signature spends the nonce');

    // A nonce is good for one token only.
    const challenge = (await (
      await fetch(`${server.url}/auth/challenge`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ deskId: desk.deskId }),
      })
    ).json()) as { nonce: string };
    const message = Buffer.from(`mot-cua-provincial/v1 auth\n${desk.deskId}\n${challenge.nonce}`);
    const signature = Buffer.from(await crypto.subtle.sign({ name: 'Ed25519' }, desk.keys.privateKey, message)).toString('base64url');
    const send = () =>
      fetch(`${server.url}/auth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ deskId: desk.deskId, nonce: challenge.nonce, signature }),
      });
    assert.equal((await send()).status, 200);
    const replay = await send();
    assert.equal(replay.status, 401);
    assert.equal(await errorCode(replay), 'challenge-invalid');
  });

  test('an expired token asks for a new one; an expired or revoked desk key is refused everywhere', async () => {
    const desk = await TestDesk.enrol(server.url, server.enrolmentCode(AGENCY_A));
    server.db.prepare('UPDATE tokens SET expires_ms = 0 WHERE desk_id = ?').run(desk.deskId);
    const stale = await desk.fetch('/changes');
    assert.equal(stale.status, 401);
    assert.equal(await errorCode(stale), 'token-expired');
    await desk.signIn();
    assert.equal((await desk.fetch('/changes')).status, 200);

    expireDeskKey(server.db, desk.deskId, new Date(Date.now() - 1000));
    const expired = await desk.fetch('/changes');
    assert.equal(expired.status, 401);
    assert.equal(await errorCode(expired), 'desk-key-expired');
    const noToken = await desk.requestToken();
    assert.equal(noToken.status, 401);
    assert.equal(await errorCode(noToken), 'desk-key-expired');

    const revoked = await TestDesk.enrol(server.url, server.enrolmentCode(AGENCY_A));
    assert.ok(revokeDesk(server.db, revoked.deskId));
    for (const res of [await revoked.fetch('/changes'), await revoked.putDossier(makeDossier()), await revoked.createUpload(3, 'a'.repeat(64))]) {
      assert.equal(res.status, 401);
      assert.equal(await errorCode(res), 'desk-key-expired');
    }
  });

  test("a desk sees only its own agency's dossiers, files and reconciliation", async () => {
    const a = await TestDesk.enrol(server.url, server.enrolmentCode(AGENCY_A));
    const a2 = await TestDesk.enrol(server.url, server.enrolmentCode(AGENCY_A));
    const b = await TestDesk.enrol(server.url, server.enrolmentCode(AGENCY_B));
    const bytes = Buffer.from('%PDF-1.4 agency A only');
    const hash = await a.upload(bytes);
    const dossier = makeDossier([{ sha256: hash, size: bytes.length }]);
    assert.equal((await a.putDossier(dossier)).status, 200);

    assert.equal((await a2.fetch(`/dossiers/${dossier.id}`)).status, 200, 'a desk of the same agency sees it');
    const foreign = await b.fetch(`/dossiers/${dossier.id}`);
    assert.equal(foreign.status, 404);
    assert.equal(await errorCode(foreign), 'dossier-not-found');
    assert.equal((await b.fetch(`/files/${hash}`, { method: 'HEAD' })).status, 404);
    assert.equal((await b.putDossier(dossier)).status, 409, 'another agency cannot take over the id');

    const day = dossier.receivedAt.slice(0, 10);
    const seenByB = (await (await b.fetch(`/reconcile?day=${day}&list=1`)).json()) as { dossiers: Array<{ id: string }> };
    assert.ok(!seenByB.dossiers.some((d) => d.id === dossier.id));
  });
});
