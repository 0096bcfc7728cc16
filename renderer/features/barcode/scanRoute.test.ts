import { test } from 'node:test';
import assert from 'node:assert/strict';
import { routeScan } from './scanRoute.ts';

const CCCD = '001099012345|123456789|Nguyễn Văn Ấn|01011990|Nam|Số 1 Phố Huế, Hà Nội|01072021';

test('a citizen-ID QR goes to the reception form, a dossier code to the search', () => {
  assert.deepEqual(routeScan(CCCD), { kind: 'citizen', text: CCCD });
  assert.deepEqual(routeScan(' H12.34-251207-0001 '), { kind: 'search', text: 'H12.34-251207-0001' });
});

test('a web address, a payment QR, control characters or an overlong code are refused with a clear message', () => {
  const cases: [string, string][] = [
    ['https://dichvucong.gov.vn/p/home', 'barcode.url'],
    ['javascript:alert(1)', 'barcode.url'],
    ['00020101021238570010A000000727012700069704220113VQRQ00000000102080QRIBFTTA53037045802VN6304ABCD', 'barcode.payment'],
    ['HS\u0007001', 'barcode.unknown'],
    ['x'.repeat(61), 'barcode.unknown'],
    ['   ', 'barcode.unknown'],
  ];
  for (const [text, code] of cases) {
    const route = routeScan(text);
    assert.ok(route.kind === 'refused' && route.error.code === code, text);
    assert.ok(route.error.text.vi.length > 0 && route.error.text.en.length > 0);
  }
});
