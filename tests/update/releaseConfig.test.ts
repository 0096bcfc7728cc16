// The release side of self-updates: the Windows publisher the desk checks is the one
// electron-builder is told, and the release workflow signs the feed before publishing it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shippedTrustFile } from '#main/update/feed.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
const yaml = createRequire(require.resolve('app-builder-lib/package.json'))('js-yaml') as { load(text: string): any };

test("electron-builder's publisherName is the publisher list the desk checks installers against", () => {
  const config = yaml.load(readFileSync(join(REPO, 'electron-builder.yml'), 'utf8'));
  assert.deepEqual(config.win.signtoolOptions.publisherName, shippedTrustFile.windowsPublishers);
  assert.ok(shippedTrustFile.windowsPublishers.every((name) => name.trim().length > 0));
});

test('the release job signs update.json with the secret key, then checksums and publishes it', () => {
  const workflow = yaml.load(readFileSync(join(REPO, '.github/workflows/release.yml'), 'utf8'));
  const steps = workflow.jobs.release.steps as { name?: string; run?: string; uses?: string; env?: Record<string, string> }[];
  const at = (match: RegExp) => steps.findIndex((s) => match.test(`${s.run ?? ''} ${s.uses ?? ''}`));
  const sign = steps[at(/scripts\/sign-update-feed\.ts sign --dir artifacts/)];
  assert.ok(sign, 'a step runs the signing script on the downloaded installers');
  assert.equal(sign.env?.DESK_UPDATE_SIGNING_KEY, '${{ secrets.DESK_UPDATE_SIGNING_KEY }}');
  assert.equal(sign.env?.DESK_UPDATE_KEY_ID, '${{ secrets.DESK_UPDATE_KEY_ID }}');
  assert.ok(at(/actions\/checkout/) < at(/sign-update-feed/) && at(/npm ci/) < at(/sign-update-feed/), 'the script and tsx are there');
  assert.ok(at(/download-artifact/) < at(/sign-update-feed/));
  assert.ok(at(/sign-update-feed/) < at(/sha256sum/) && at(/sha256sum/) < at(/gh release create/), 'signed before checksums and publishing');
  assert.match(steps[at(/gh release create/)]!.run!, /artifacts\/\*/);
});
