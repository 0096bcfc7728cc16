// The province takes a component's digitisation metadata with the dossier (issue 15 §2) and
// refuses metadata a desk would not have stored: an issue date after the day it was entered,
// a validity end before the issue date.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestDesk, makeDossier, randomFile, startTestServer, type TestServer } from './testDesk.ts';

let server: TestServer;
let desk: TestDesk;
before(async () => {
  server = await startTestServer();
  desk = await TestDesk.enrol(server.url, server.enrolmentCode('000.17.22.H56'));
});
after(() => server.close());

const META = {
  fieldSet: '2026-12-07',
  procedureCode: '1.001193',
  specId: 'to-khai',
  documentType: 'Giấy khai sinh',
  number: '12/2020/KS',
  issuedOn: '2020-05-12',
  issuer: 'UBND Phường Ba Đình',
  validUntil: '2030-01-01',
  reusable: true,
  owner: { role: 'applicant', fullName: 'Nguyễn Văn Thử', idNumber: '001099000000' },
  at: '2026-11-23T09:20:00+07:00',
  officerId: 'officer-1',
};

function withMeta(meta: Record<string, unknown>) {
  const d = makeDossier();
  return { ...d, components: [{ ...d.components[0]!, digitisation: meta }] } as unknown as ReturnType<typeof makeDossier>;
}

test('a component with its digitisation metadata, and one reused from another dossier, are stored as sent', async () => {
  const reused = {
    ...META,
    reusedFrom: { fromDossierId: makeDossier().id, fromCode: '000.17.22.H56-261120-0001', sha256: 'a'.repeat(64), at: META.at, officerId: 'officer-1' },
  };
  for (const meta of [META, reused]) {
    const dossier = withMeta(meta);
    const res = await desk.putDossier(dossier);
    assert.equal(res.status, 200, await res.clone().text());
    const stored = (await (await desk.fetch(`/dossiers/${dossier.id}`)).json()) as { dossier: { components: Array<{ digitisation?: unknown }> } };
    assert.deepEqual(stored.dossier.components[0]?.digitisation, meta);
  }
});

test('an issue date after the entry, a validity ending before the issue, or an unknown field is refused', async () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ ...META, issuedOn: '2026-11-24' }, /digitisation\.issuedOn/],
    [{ ...META, validUntil: '2020-05-11' }, /digitisation\.validUntil/],
    [{ ...META, colour: 'red' }, /digitisation/],
  ];
  for (const [meta, path] of cases) {
    const res = await desk.putDossier(withMeta(meta));
    assert.equal(res.status, 400);
    const body = (await res.json()) as { code: string; issues: string[] };
    assert.equal(body.code, 'dossier-invalid');
    assert.match(body.issues.join('\n'), path);
  }
});

test('an electronic result is stored with its file of kind result, and refused when the dossier does not send that file', async () => {
  const bytes = randomFile(1500);
  const hash = await desk.upload(bytes);
  const result = { sha256: hash, name: 'ket-qua.pdf', signer: 'UBND Phường Ba Đình', verdict: 'valid', attachedAt: META.at, officerId: 'officer-1' };
  const delivered = { ...result, delivery: { channel: 'qr', at: META.at, officerId: 'officer-1', officerName: 'Cán bộ Thử' } };
  const dossier = {
    ...makeDossier(),
    electronicResult: delivered,
    files: [{ sha256: hash, size: bytes.length, name: 'ket-qua.pdf', kind: 'result' }],
  } as unknown as ReturnType<typeof makeDossier>;
  const res = await desk.putDossier(dossier);
  assert.equal(res.status, 200, await res.clone().text());
  const stored = (await (await desk.fetch(`/dossiers/${dossier.id}`)).json()) as { dossier: { electronicResult?: unknown } };
  assert.deepEqual(stored.dossier.electronicResult, delivered);

  const orphan = { ...makeDossier(), electronicResult: result } as unknown as ReturnType<typeof makeDossier>;
  const refused = await desk.putDossier(orphan);
  assert.equal(refused.status, 400);
  assert.match(((await refused.json()) as { issues: string[] }).issues.join('\n'), /electronicResult\.sha256/);
});

test('a result handed over by file or QR code returns the dossier (status 10 on the feed); a printed one does not; a refused dossier cannot have one', async () => {
  const start = ((await (await desk.fetch('/changes?limit=500')).json()) as { cursor: string }).cursor;
  const sent: Record<string, string> = {};
  for (const channel of ['file', 'qr', 'print']) {
    const bytes = randomFile(1200);
    const hash = await desk.upload(bytes);
    const dossier = {
      ...makeDossier(),
      electronicResult: {
        sha256: hash,
        name: 'ket-qua.pdf',
        signer: 'UBND Phường Ba Đình',
        verdict: 'valid',
        attachedAt: META.at,
        officerId: 'officer-1',
        delivery: { channel, at: '2026-11-25T10:00:00+07:00', officerId: 'officer-1', officerName: 'Cán bộ Thử' },
      },
      files: [{ sha256: hash, size: bytes.length, name: 'ket-qua.pdf', kind: 'result' }],
    } as unknown as ReturnType<typeof makeDossier>;
    const res = await desk.putDossier(dossier);
    assert.equal(res.status, 200, await res.clone().text());
    sent[channel] = dossier.id;
    if (channel === 'qr') {
      const refused = await desk.putDossier({ ...dossier, id: makeDossier().id, decision: 'refused', status: 3 });
      assert.equal(refused.status, 400);
      assert.match(((await refused.json()) as { issues: string[] }).issues.join('\n'), /electronicResult\.delivery/);
    }
  }
  const statusOf = async (id: string) => ((await (await desk.fetch(`/dossiers/${id}`)).json()) as { status: number }).status;
  assert.deepEqual([await statusOf(sent['file']!), await statusOf(sent['qr']!), await statusOf(sent['print']!)], [10, 10, 2]);
  const feed = (await (await desk.fetch(`/changes?since=${start}`)).json()) as {
    changes: Array<{ type: string; dossierId: string; status?: number; at?: string }>;
  };
  assert.deepEqual(
    feed.changes.filter((c) => c.type === 'dossier.status').map((c) => [c.dossierId, c.status, c.at]),
    [
      [sent['file'], 10, '2026-11-25T10:00:00+07:00'],
      [sent['qr'], 10, '2026-11-25T10:00:00+07:00'],
    ],
  );
});
