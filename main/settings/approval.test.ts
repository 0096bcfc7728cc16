// Approval on main's own surface. The console's one-time code approves exactly the change it was
// printed with, once, within 5 minutes, with 3 tries; native dialogs decide with the path the
// person picked and the exact address shown, refusing by default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '#domain/errors.ts';
import { CODE_TTL_MS, createConsoleApprover, createDialogApprover, type MessageBoxOptions, type OpenDialogOptions } from './approval.ts';
import { CapturedConsole } from './test-support.ts';

const SUMMARY = { vi: 'Đặt máy chủ dấu thời gian (TSA): http://tsa.example.vn/', en: 'Set the timestamp server (TSA): http://tsa.example.vn/' };
const code = (name: string) => (e: unknown) => isDeskError(e) && e.code === name && Boolean(e.text.vi) && Boolean(e.text.en);

function consoleApprover(clock = { now: 1_000_000 }) {
  const out = new CapturedConsole();
  const approver = createConsoleApprover<{ url: string }>({ out, now: () => clock.now });
  return { out, approver, clock };
}

async function pending(approver: ReturnType<typeof consoleApprover>['approver'], change: { url: string }) {
  const decision = await approver.ask(change, SUMMARY, 'address');
  assert.ok('pending' in decision);
  return decision.pending;
}

test('the console shows the change and a 6-digit code; that code approves that change once', async () => {
  const { out, approver } = consoleApprover();
  const change = { url: 'http://tsa.example.vn/' };
  const { id, summary } = await pending(approver, change);
  assert.deepEqual(summary, SUMMARY);
  assert.match(out.text, /Đặt máy chủ dấu thời gian \(TSA\): http:\/\/tsa\.example\.vn\//);
  assert.match(out.text, /Confirmation code: \d{6}\n/);
  const right = out.lastCode();
  assert.deepEqual(approver.confirm(id, right), change);
  assert.throws(() => approver.confirm(id, right), code('admin.no-pending'), 'a code is used once');
});

test('a wrong code says how many tries are left; the third wrong one cancels the proposal, even for the right code after it', async () => {
  const { out, approver } = consoleApprover();
  const { id } = await pending(approver, { url: 'http://tsa.example.vn/' });
  const right = out.lastCode();
  const wrong = right === '000000' ? '111111' : '000000';
  assert.throws(
    () => approver.confirm(id, wrong),
    (e: unknown) => code('admin.wrong-code')(e) && /Còn 2 lần/.test((e as { text: { vi: string } }).text.vi),
  );
  assert.throws(
    () => approver.confirm(id, wrong),
    (e: unknown) => code('admin.wrong-code')(e) && /1 try left/.test((e as { text: { en: string } }).text.en),
  );
  assert.throws(() => approver.confirm(id, wrong), code('admin.too-many-tries'));
  assert.throws(() => approver.confirm(id, right), code('admin.no-pending'));
  assert.match(out.text, /Three wrong codes: the proposal was cancelled/);
});

test('after 5 minutes the code is refused and the proposal is gone', async () => {
  const { out, approver, clock } = consoleApprover();
  const { id, expiresAt } = await pending(approver, { url: 'http://tsa.example.vn/' });
  assert.equal(Date.parse(expiresAt), clock.now + CODE_TTL_MS);
  clock.now += CODE_TTL_MS + 1;
  const right = out.lastCode();
  assert.throws(() => approver.confirm(id, right), code('admin.code-expired'));
  assert.throws(() => approver.confirm(id, right), code('admin.no-pending'));
});

test('a code is bound to its change: another proposal replaces it, and neither code approves the other change', async () => {
  const { out, approver } = consoleApprover();
  const first = await pending(approver, { url: 'http://tsa.example.vn/' });
  const firstCode = out.lastCode();
  const second = await pending(approver, { url: 'http://evil.example/' });
  const secondCode = out.lastCode();
  assert.match(out.text, /earlier proposal was replaced/);
  assert.throws(() => approver.confirm(first.id, firstCode), code('admin.no-pending'), 'the replaced proposal cannot be approved');
  assert.throws(() => approver.confirm(first.id, secondCode), code('admin.no-pending'), 'the new code does not approve the old change');
  if (firstCode !== secondCode)
    assert.throws(() => approver.confirm(second.id, firstCode), code('admin.wrong-code'), 'the old code does not approve the new change');
  assert.deepEqual(approver.confirm(second.id, secondCode), { url: 'http://evil.example/' });
});

test('cancelling withdraws the proposal; a folder or module needs a proposed path on the console', async () => {
  const { out, approver } = consoleApprover();
  const { id } = await pending(approver, { url: 'http://tsa.example.vn/' });
  approver.cancel(id);
  assert.throws(() => approver.confirm(id, out.lastCode()), code('admin.no-pending'));
  assert.equal(await approver.choosePath('scan-folder', '/srv/scans'), '/srv/scans');
  await assert.rejects(approver.choosePath('pkcs11-module', undefined), code('admin.path-required'));
});

function fakeDialogs(answers: { open?: { canceled: boolean; filePaths: string[] }; response?: number }) {
  const opened: OpenDialogOptions[] = [];
  const boxes: MessageBoxOptions[] = [];
  return {
    opened,
    boxes,
    dialogs: {
      showOpenDialog: async (options: OpenDialogOptions) => (opened.push(options), answers.open ?? { canceled: true, filePaths: [] }),
      showMessageBox: async (options: MessageBoxOptions) => (boxes.push(options), { response: answers.response ?? 0 }),
    },
  };
}

test("dialogs: the path is the one picked in main's dialog, never the proposed one; cancelling picks nothing", async () => {
  const picked = fakeDialogs({ open: { canceled: false, filePaths: ['C:\\Program Files\\CA\\token.dll'] } });
  const approver = createDialogApprover<{ path: string }>(picked.dialogs, 'win32');
  assert.equal(await approver.choosePath('pkcs11-module', 'C:\\Users\\Public\\evil.dll'), 'C:\\Program Files\\CA\\token.dll');
  assert.deepEqual(picked.opened[0]!.properties, ['openFile', 'dontAddToRecent']);
  assert.deepEqual(picked.opened[0]!.filters, [{ name: 'PKCS#11 (.dll)', extensions: ['dll'] }]);
  assert.deepEqual(await approver.ask({ path: 'C:\\Program Files\\CA\\token.dll' }, SUMMARY, 'pkcs11-module'), {
    approved: { path: 'C:\\Program Files\\CA\\token.dll' },
  });

  const cancelled = fakeDialogs({ open: { canceled: true, filePaths: [] } });
  assert.equal(await createDialogApprover(cancelled.dialogs, 'linux').choosePath('scan-folder', '/etc'), null);
  assert.deepEqual(cancelled.opened[0]!.properties, ['openDirectory', 'dontAddToRecent']);
});

test('dialogs: an address is shown exactly, and the default and cancel button refuse', async () => {
  const refused = fakeDialogs({ response: 0 });
  const approver = createDialogApprover<{ url: string }>(refused.dialogs, 'linux');
  assert.deepEqual(await approver.ask({ url: 'http://tsa.example.vn/' }, SUMMARY, 'address'), { refused: true });
  const box = refused.boxes[0]!;
  assert.equal(box.message, SUMMARY.vi);
  assert.match(box.detail, /http:\/\/tsa\.example\.vn\//);
  assert.equal(box.defaultId, 0);
  assert.equal(box.cancelId, 0);
  assert.match(box.buttons[0]!, /Từ chối/);

  const approved = fakeDialogs({ response: 1 });
  assert.deepEqual(await createDialogApprover<{ url: string }>(approved.dialogs, 'linux').ask({ url: 'x' }, SUMMARY, 'address'), { approved: { url: 'x' } });
  assert.throws(() => approver.confirm('00000000-0000-4000-8000-000000000000', '123456'), code('admin.no-pending'));
});
