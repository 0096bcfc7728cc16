// The network checks against real servers on 127.0.0.1: a province whose Date header is skewed,
// one that never answers, and an update server with a feed signed by a trusted key or not.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeSigner } from '#tests/update/updateServer.ts';
import { feedBytes, signFeed } from '#scripts/sign-update-feed.ts';
import { FEED_FORMAT, PRODUCT, type Feed } from '../update/feed.ts';
import { checkClock, checkProvincial, probeProvince } from './provincial.ts';
import { checkUpdateFeed } from './updateFeed.ts';

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.closeAllConnections();
  return Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A province whose clock is skewMs behind this computer's (negative: ahead). */
function province(skewMs: number): Promise<string> {
  return serve((req, res) => {
    res.sendDate = false;
    res.setHeader('date', new Date(Date.now() - skewMs).toUTCString());
    res.statusCode = req.url === '/api/health' ? 200 : 404;
    res.end('{"ok":true}');
  });
}

test('a province with the same time: reachable and the clock ok', async () => {
  const probe = await probeProvince({ endpoint: `${await province(0)}/api/`, ca: [] });
  assert.equal(checkProvincial(probe).status, 'ok');
  const clock = checkClock(probe);
  assert.equal(clock.status, 'ok');
  assert.match(clock.en, /within limits/);
});

test('this clock 2 minutes ahead of the province: a warning; 10 minutes behind: a problem', async () => {
  const ahead = checkClock(await probeProvince({ endpoint: `${await province(120_000)}/api`, ca: [] }));
  assert.equal(ahead.status, 'warning');
  assert.match(ahead.en, /The clock is 1[12]\d s ahead of the province's/);
  const behind = checkClock(await probeProvince({ endpoint: `${await province(-600_000)}/api/`, ca: [] }));
  assert.equal(behind.status, 'problem');
  assert.match(behind.vi, /chậm hơn giờ của tỉnh (59|60)\d giây: giờ tiếp nhận trên giấy biên nhận sẽ sai/);
  assert.match(behind.fix.en, /NTP/);
});

test('the thresholds are data: a 2-minute skew is ok when the warning starts at 3', async () => {
  const probe = await probeProvince({ endpoint: `${await province(120_000)}/api/`, ca: [] });
  assert.equal(checkClock(probe, { warnSkewMs: 180_000, problemSkewMs: 600_000 }).status, 'ok');
});

test('nothing listening: the province is a problem and the clock cannot be compared', async () => {
  const closed = await serve(() => {});
  servers.pop()!.close();
  await new Promise((r) => setImmediate(r));
  const probe = await probeProvince({ endpoint: `${closed}/api/`, ca: [] });
  const c = checkProvincial(probe);
  assert.equal(c.status, 'problem');
  assert.match(c.en, /ECONNREFUSED/);
  assert.equal(checkClock(probe).status, 'warning');
});

test('a province that never answers is given up after the timeout, not waited for', async () => {
  const silent = await serve(() => {});
  const probe = await probeProvince({ endpoint: `${silent}/api/`, ca: [] }, 300);
  assert.equal(checkProvincial(probe).status, 'problem');
  assert.match(checkProvincial(probe).en, /no answer within 300 ms/);
});

test('a province that answers /health with an error status is a problem', async () => {
  const probe = await probeProvince({ endpoint: `${await province(0)}/other/`, ca: [] });
  assert.equal(probe.status, 404);
  assert.equal(checkProvincial(probe).status, 'problem');
});

test('no provincial address: both checks are warnings and nothing is asked', async () => {
  const probe = await probeProvince({ endpoint: null, ca: [] });
  assert.equal(checkProvincial(probe).status, 'warning');
  const clock = checkClock(probe);
  assert.equal(clock.status, 'warning');
  assert.match(clock.en, /address is not set/);
});

const feed: Feed = {
  format: FEED_FORMAT,
  product: PRODUCT,
  version: '0.2.0',
  releaseDate: '2026-11-22T09:00:00+07:00',
  minimumVersion: '0.1.0',
  rolloutPercent: 100,
  installers: [
    {
      platform: 'linux',
      arch: 'x64',
      kind: 'appimage',
      file: 'mot-cua-desk-0.2.0-x86_64.AppImage',
      size: 11,
      sha512: createHash('sha512').update('img').digest('base64'),
    },
  ],
};
const trusted = makeSigner('tinh-2026');
const other = makeSigner('someone-else');

function updateServer(signedBy: typeof trusted): Promise<string> {
  const bytes = feedBytes(feed);
  const signature = signFeed(bytes, signedBy.privateKey, signedBy.id);
  return serve((req, res) => {
    if (req.url === '/updates/update.json') res.end(bytes);
    else if (req.url === '/updates/update.json.sig') res.end(signature);
    else res.writeHead(404).end();
  });
}

test('a feed signed by a trusted key: ok, naming its version', async () => {
  const c = await checkUpdateFeed({ feedUrl: `${await updateServer(trusted)}/updates/update.json`, trusted: [trusted.trusted] });
  assert.equal(c.status, 'ok', c.en);
  assert.match(c.en, /validly signed \(version 0\.2\.0\)/);
});

test('a feed signed by a key this desk does not trust: a problem', async () => {
  const c = await checkUpdateFeed({ feedUrl: `${await updateServer(other)}/updates/update.json`, trusted: [trusted.trusted] });
  assert.equal(c.status, 'problem');
  assert.match(c.en, /refused: .*someone-else/);
});

test('no feed at that address: a warning (the desk keeps its version)', async () => {
  const c = await checkUpdateFeed({ feedUrl: `${await updateServer(trusted)}/elsewhere/update.json`, trusted: [trusted.trusted] });
  assert.equal(c.status, 'warning');
  assert.match(c.en, /HTTP 404/);
});

test('an update server that never answers is given up after the timeout', async () => {
  const silent = await serve(() => {});
  const c = await checkUpdateFeed({ feedUrl: `${silent}/update.json`, trusted: [trusted.trusted], timeoutMs: 300 });
  assert.equal(c.status, 'warning');
  assert.match(c.en, /no answer within 300 ms/);
});

test('no update server set: a warning', async () => {
  assert.equal((await checkUpdateFeed({ feedUrl: null })).status, 'warning');
});
