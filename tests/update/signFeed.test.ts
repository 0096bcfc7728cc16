// scripts/sign-update-feed.ts as the release workflow and the release manager run it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { trustedKeysOf, verifyFeed } from '#main/update/feed.ts';
import { installerBytes } from './updateServer.ts';

const SCRIPT = fileURLToPath(new URL('../../scripts/sign-update-feed.ts', import.meta.url));
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { env: { ...process.env, ...env } });

test('generate-key, then sign: the feed lists every installer with size and SHA-512, and the desk accepts it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'desk-sign-feed-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const generated = await run(['generate-key', '--id', 'tinh-2027', '--out', keyFile]);
    const entry = JSON.parse(/\{[\s\S]*\}/.exec(generated.stdout)![0]) as { id: string; publicKey: string };
    assert.equal(entry.id, 'tinh-2027');
    const trustFile = join(dir, 'trust.json');
    const trust = { keys: [entry], windowsPublishers: ['X'] };
    await writeFile(trustFile, JSON.stringify(trust));
    const out = join(dir, 'out');
    const exe = installerBytes(70_000, 'exe');
    await mkdir(out);
    await writeFile(join(out, 'mot-cua-desk-setup-0.3.0.exe'), exe);
    await writeFile(join(out, 'mot-cua-desk-setup-0.3.0.exe.blockmap'), 'map');
    await writeFile(join(out, 'mot-cua-desk-0.3.0-x86_64.AppImage'), installerBytes(50_000, 'img'));
    await writeFile(join(out, 'mot-cua-desk-0.3.0-amd64.deb'), installerBytes(30_000, 'deb'));
    await writeFile(join(out, 'latest.yml'), 'not an installer');
    const env = { DESK_UPDATE_SIGNING_KEY: await readFile(keyFile, 'utf8'), DESK_UPDATE_KEY_ID: 'tinh-2027' };
    await run(['sign', '--dir', out, '--version', '0.3.0', '--rollout', '25', '--minimum', '0.2.0', '--trust', trustFile], env);
    const feed = verifyFeed(await readFile(join(out, 'update.json')), await readFile(join(out, 'update.json.sig')), trustedKeysOf(trust));
    assert.equal(feed.version, '0.3.0');
    assert.equal(feed.rolloutPercent, 25);
    assert.equal(feed.minimumVersion, '0.2.0');
    assert.deepEqual(
      feed.installers.map((i) => [i.kind, i.platform, i.arch, i.file]),
      [
        ['deb', 'linux', 'x64', 'mot-cua-desk-0.3.0-amd64.deb'],
        ['appimage', 'linux', 'x64', 'mot-cua-desk-0.3.0-x86_64.AppImage'],
        ['nsis', 'win32', 'x64', 'mot-cua-desk-setup-0.3.0.exe'],
      ],
    );
    const nsis = feed.installers.find((i) => i.kind === 'nsis')!;
    assert.equal(nsis.size, exe.length);
    assert.equal(nsis.sha512, createHash('sha512').update(exe).digest('base64'));
    assert.deepEqual(nsis.blockmap, { file: 'mot-cua-desk-setup-0.3.0.exe.blockmap', size: 3, sha512: createHash('sha512').update('map').digest('base64') });

    // A key the desks do not list is refused before anything is written.
    await rm(join(out, 'update.json'));
    const other = join(dir, 'other.pem');
    await run(['generate-key', '--id', 'tinh-2027', '--out', other]);
    await assert.rejects(
      run(['sign', '--dir', out, '--trust', trustFile], { ...env, DESK_UPDATE_SIGNING_KEY: await readFile(other, 'utf8') }),
      /not the key listed as "tinh-2027"/,
    );
    await assert.rejects(
      run(['sign', '--dir', out, '--trust', trustFile], { ...env, DESK_UPDATE_KEY_ID: 'nobody' }),
      /key id "nobody" is not in the trust file/,
    );
    await assert.rejects(readFile(join(out, 'update.json')), { code: 'ENOENT' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
