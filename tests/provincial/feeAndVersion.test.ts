// The computed fee and the procedure's dated version on the wire: the reference province stores
// them with the dossier and refuses a fee whose total is not its line, an exempted line that
// charges, and a version that was not in force on the receipt day.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestDesk, makeDossier, startTestServer, type TestServer } from './testDesk.ts';
import type { WireDossier } from './intake.ts';

const FEE: NonNullable<WireDossier['fee']> = {
  amount: 0,
  reasons: [{ label: 'Lệ phí đăng ký khai sinh đúng hạn', amount: 0, exemption: { kind: 'disabled', basis: 'căn cứ miễn (dữ liệu thử)' } }],
};
const IN_FORCE = { effectiveFrom: '2016-01-01', effectiveTo: '2027-02-28' };

describe('fee and procedure version', () => {
  let server: TestServer;
  let desk: TestDesk;
  before(async () => {
    server = await startTestServer();
    desk = await TestDesk.enrol(server.url, server.enrolmentCode('000.17.22.H56'));
  });
  after(() => server.close());

  const stored = async (id: string) => ((await (await desk.fetch(`/dossiers/${id}`)).json()) as { dossier: WireDossier }).dossier;

  test('stored with the dossier as the desk sent them', async () => {
    const paid = makeDossier([], { fee: { amount: 8000, reasons: [{ label: 'Lệ phí khai sinh không đúng hạn', amount: 8000 }] }, procedureVersion: IN_FORCE });
    assert.equal((await desk.putDossier(paid)).status, 200);
    assert.deepEqual((await stored(paid.id)).fee, paid.fee);
    assert.deepEqual((await stored(paid.id)).procedureVersion, IN_FORCE);
    const exempt = makeDossier([], { fee: FEE, procedureVersion: { effectiveFrom: null, effectiveTo: null } });
    assert.equal((await desk.putDossier(exempt)).status, 200);
    assert.deepEqual((await stored(exempt.id)).fee, FEE);
    // Dossiers stored before the desk kept them still go through.
    assert.equal((await desk.putDossier(makeDossier())).status, 200);
  });

  test('a fee that does not add up, an exempted line that charges, a version not in force on the receipt day: refused with the field named', async () => {
    const cases: Array<[Partial<WireDossier>, string]> = [
      [{ fee: { amount: 5000, reasons: [{ label: 'Lệ phí', amount: 8000 }] } }, 'fee.amount'],
      [{ fee: { amount: 8000, reasons: [{ label: 'Lệ phí', amount: 8000, exemption: { kind: 'elderly', basis: 'x' } }] } }, 'fee.reasons'],
      [
        { fee: { amount: 0, reasons: [{ label: 'Lệ phí', amount: 0, exemption: { kind: 'pensioner' as 'elderly', basis: 'x' } }] } },
        'fee.reasons[0].exemption.kind',
      ],
      [{ fee: { amount: -1, reasons: [] } }, 'fee.amount'],
      // Luật Hộ tịch 03/2026/QH16's version, sent for a dossier received in November 2026.
      [{ procedureVersion: { effectiveFrom: '2027-03-01', effectiveTo: null } }, 'procedureVersion'],
      [{ procedureVersion: { effectiveFrom: '2016-01-01', effectiveTo: '2026-11-22' } }, 'procedureVersion'],
      [{ procedureVersion: { effectiveFrom: '2027-03-01', effectiveTo: '2016-01-01' } }, 'procedureVersion.effectiveTo'],
      [{ procedureVersion: { effectiveFrom: '1/3/2027', effectiveTo: null } }, 'procedureVersion.effectiveFrom'],
    ];
    for (const [overrides, field] of cases) {
      const res = await desk.putDossier(makeDossier([], overrides));
      const body = (await res.json()) as { code: string; message: { vi: string; en: string }; issues: string[] };
      assert.equal(res.status, 400, JSON.stringify(overrides));
      assert.equal(body.code, 'dossier-invalid');
      assert.ok(body.message.vi && body.message.en);
      assert.ok(
        body.issues.some((i) => i.startsWith(field)),
        `${field}: ${body.issues.join('; ')}`,
      );
    }
  });
});
