import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authenticodeCommand, judgeAuthenticode, parseDistinguishedName } from './installerCheck.ts';

const PUBLISHERS = ['Trung tâm Chuyển đổi số tỉnh Hà Tĩnh'];
const answer = (status: string, subject: string | null) =>
  JSON.stringify({ Status: status, StatusMessage: status === 'Valid' ? 'Signature verified.' : 'The signature is invalid.', Subject: subject });

test('the PowerShell command carries the path as a quoted literal inside -EncodedCommand', () => {
  const path = "C:\\Users\\Cán bộ\\AppData\\Roaming\\Một Cửa Desk\\updates\\0.2.0\\it's-setup.exe";
  const { file, args } = authenticodeCommand(path);
  assert.equal(file, 'powershell.exe');
  assert.deepEqual(args.slice(0, 5), ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
  const script = Buffer.from(args[5]!, 'base64').toString('utf16le');
  assert.ok(
    script.includes("Get-AuthenticodeSignature -LiteralPath 'C:\\Users\\Cán bộ\\AppData\\Roaming\\Một Cửa Desk\\updates\\0.2.0\\it''s-setup.exe'"),
    script,
  );
  assert.match(script, /ConvertTo-Json -Compress/);
  assert.match(script, /OutputEncoding = \[System\.Text\.Encoding\]::UTF8/);
});

test('distinguished names: plain, quoted with commas and doubled quotes, Vietnamese', () => {
  assert.deepEqual(parseDistinguishedName('CN=Trung tâm Chuyển đổi số tỉnh Hà Tĩnh, O=Sở KH&CN, L=Hà Tĩnh, C=VN'), {
    CN: 'Trung tâm Chuyển đổi số tỉnh Hà Tĩnh',
    O: 'Sở KH&CN',
    L: 'Hà Tĩnh',
    C: 'VN',
  });
  assert.deepEqual(parseDistinguishedName('CN="Công ty ""ABC"", chi nhánh 1", C=VN'), { CN: 'Công ty "ABC", chi nhánh 1', C: 'VN' });
});

test('a valid signature by the configured publisher passes', () => {
  judgeAuthenticode(answer('Valid', 'CN=Trung tâm Chuyển đổi số tỉnh Hà Tĩnh, O=Sở KH&CN, C=VN'), PUBLISHERS);
  // Windows may hand back decomposed Vietnamese marks.
  judgeAuthenticode(answer('Valid', `CN=${PUBLISHERS[0]!.normalize('NFD')}, C=VN`), PUBLISHERS);
});

test('refused: unsigned, invalid or untrusted signatures, another publisher, an unreadable answer', () => {
  const refused = (output: string, reason: RegExp) =>
    assert.throws(
      () => judgeAuthenticode(output, PUBLISHERS),
      (e: { code: string; text: { vi: string; en: string } }) => {
        assert.equal(e.code, 'update.untrusted-installer');
        assert.match(`${e.text.vi} | ${e.text.en}`, reason);
        return true;
      },
    );
  refused(answer('NotSigned', null), /NotSigned/);
  refused(answer('HashMismatch', 'CN=Trung tâm Chuyển đổi số tỉnh Hà Tĩnh'), /HashMismatch/);
  refused(answer('UnknownError', 'CN=Trung tâm Chuyển đổi số tỉnh Hà Tĩnh'), /UnknownError/);
  refused(answer('Valid', 'CN=Evil Corp, O=Trung tâm Chuyển đổi số tỉnh Hà Tĩnh'), /signed by "Evil Corp"/);
  refused(answer('Valid', 'O=Trung tâm Chuyển đổi số tỉnh Hà Tĩnh'), /signed by ""/);
  refused('', /cannot be read/);
});
