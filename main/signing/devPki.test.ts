import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevAuthority, toPem } from './devPki.ts';

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8' });
}

test('issued certificates carry Vietnamese names in separate RDNs and chain to their authority', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'devpki-'));
  try {
    const ca = await DevAuthority.create({ commonName: 'CA Thử nghiệm', organization: 'Một Cửa Desk', country: 'VN' });
    for (const keyKind of ['rsa', 'ecdsa'] as const) {
      const officer = await ca.issue({ commonName: 'Nguyễn Thị Hương', organization: 'UBND xã Tân Phú', country: 'VN' }, { keyKind });
      writeFileSync(join(dir, 'ca.pem'), toPem(ca.certificate));
      writeFileSync(join(dir, 'officer.pem'), toPem(officer.certificate));
      assert.match(openssl(['verify', '-CAfile', join(dir, 'ca.pem'), join(dir, 'officer.pem')]), /officer\.pem: OK/);
      const subject = openssl(['x509', '-in', join(dir, 'officer.pem'), '-noout', '-subject', '-nameopt', 'utf8']);
      assert.equal(subject.trim(), 'subject=C=VN, O=UBND xã Tân Phú, CN=Nguyễn Thị Hương');
      assert.match(openssl(['x509', '-in', join(dir, 'officer.pem'), '-noout', '-ext', 'keyUsage']), /Digital Signature, Non Repudiation/);
    }
    const tsa = await ca.issue({ commonName: 'TSA thử nghiệm', country: 'VN' }, { purpose: 'tsa' });
    writeFileSync(join(dir, 'tsa.pem'), toPem(tsa.certificate));
    assert.match(openssl(['x509', '-in', join(dir, 'tsa.pem'), '-noout', '-ext', 'extendedKeyUsage']), /Time Stamping/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
