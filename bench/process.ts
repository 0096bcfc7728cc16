// A command run as a child under /usr/bin/time -v: wall time and the child's peak memory
// (maximum RSS), the way the benchmarks compare our code with a reference tool.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Timed {
  seconds: number;
  maxRssMb: number | null;
  stdout: string;
}

export function timed(cmd: string, args: string[], countStdout = false): Promise<Timed & { stdoutBytes: number }> {
  const haveTime = existsSync('/usr/bin/time');
  const [file, argv] = haveTime ? ['/usr/bin/time', ['-v', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let bytes = 0;
    child.stdout.on('data', (d: Buffer) => {
      bytes += d.length;
      if (!countStdout) out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0) return reject(new Error(`${cmd} exited ${code}: ${err.slice(-800)}`));
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
      resolve({ seconds, maxRssMb: rss ? Math.round(Number(rss[1]) / 1024) : null, stdout: out, stdoutBytes: bytes });
    });
  });
}
