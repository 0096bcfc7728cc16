// mDNS discovery for real: multicast traffic stays inside a private network namespace made
// for this test (only its own loopback, with multicast routed to it), so nothing leaves the
// machine. The eSCL simulator announces _uscan._tcp as network scanners do; the desk's eSCL
// backend browses, finds it, and reads its capabilities over HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PROBE = fileURLToPath(new URL('./mdnsProbe.ts', import.meta.url));
const NAMESPACE = 'ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo';

const cannotIsolate = (() => {
  try {
    execFileSync('unshare', ['-n', 'sh', '-c', NAMESPACE], { stdio: 'pipe' });
    return false;
  } catch {
    return 'cannot make a private network namespace here (unshare -n needs root and iproute2): mDNS is not tried on a shared network';
  }
})();

test('a network scanner announced over mDNS is found, named by its TXT record, and answers', { skip: cannotIsolate, timeout: 60_000 }, () => {
  const run = spawnSync('unshare', ['-n', 'sh', '-c', `${NAMESPACE} && exec "${process.execPath}" --import tsx "${PROBE}"`], {
    encoding: 'utf8',
    timeout: 50_000,
  });
  assert.equal(run.status, 0, run.stderr);
  const { devices, sources, mdnsSockets } = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
    devices: { id: string; name: string }[];
    sources: string[] | null;
    mdnsSockets: string[];
  };
  const found = devices.find((d) => d.name === 'Máy quét mô phỏng eSCL');
  assert.ok(found, JSON.stringify(devices));
  assert.match(found.id, /^escl:http:\/\/127\.0\.0\.1:\d+\/eSCL\/$/);
  assert.deepEqual(sources, ['flatbed', 'feeder', 'duplex']);
  // The desk browses on a socket bound to the mDNS group (224.0.0.251, "FB0000E0" in /proc/net/udp),
  // not on 0.0.0.0 like the announcer: it takes multicast mDNS only, no unicast to port 5353.
  assert.deepEqual([...mdnsSockets].sort(), ['00000000', 'FB0000E0']);
});
