// The contract is where main stops trusting the renderer: citizen text that would print
// reversed, cut short or blank on a form is refused here even if the renderer's own checks
// were bypassed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contract } from './contract.ts';
import { APPLICANT, ledgerRequest, ledgerRow, receiptRequest, refusalRequest } from '#main/pdf/test-support.ts';

const render = contract['forms.render'].input;

function refusedAt(input: unknown, path: string, pattern: RegExp) {
  const result = render.safeParse(input);
  assert.equal(result.success, false, `${path} should be refused`);
  if (result.success) return;
  const issue = result.error.issues.find((i) => i.path.join('.') === path);
  assert.ok(issue, `no issue at ${path}: ${JSON.stringify(result.error.issues)}`);
  assert.match(issue.message, pattern);
}

test('a blank applicant name is refused on every form that prints it', () => {
  refusedAt(receiptRequest({ applicant: { ...APPLICANT, fullName: '   ' } }), 'applicant.fullName', /Cần nhập họ và tên.*full name is required/);
  refusedAt(refusalRequest({ applicant: { ...APPLICANT, fullName: '\u00a0\u3000' } }), 'applicant.fullName', /full name is required/);
  refusedAt(ledgerRequest({ rows: [ledgerRow(1, { applicantName: ' ' })] }), 'rows.0.applicantName', /full name is required/);
});

test('controls and bidi overrides in the applicant name or address are refused with the code point', () => {
  refusedAt(receiptRequest({ applicant: { ...APPLICANT, fullName: 'Nguyễn\u0000 Thị' } }), 'applicant.fullName', /U\+0000/);
  refusedAt(receiptRequest({ applicant: { ...APPLICANT, address: 'Số 12 \u202eộđ' } }), 'applicant.address', /U\+202E/);
  refusedAt(ledgerRequest({ rows: [ledgerRow(1, { applicantName: 'A\u2067B' })] }), 'rows.0.applicantName', /U\+2067/);
});

test('a name sent in NFD reaches the handler NFC with its blanks collapsed', () => {
  const parsed = render.parse(receiptRequest({ applicant: { ...APPLICANT, fullName: ' Nguyễn  Thị Hồng Nhung '.normalize('NFD'), address: '' } }));
  assert.equal(parsed.kind, 'receipt');
  if (parsed.kind !== 'receipt') return;
  assert.equal(parsed.applicant.fullName, 'Nguyễn Thị Hồng Nhung'.normalize('NFC'));
  assert.equal(parsed.applicant.address, '');
});
