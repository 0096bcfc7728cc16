// Things main must never touch, set up so that touching them leaves a trace: a server on
// 127.0.0.1 that counts every connection, a shared library whose constructor writes a marker
// file when anything loads it, and a folder of "private" images no scanner may read.
import { createServer, type Server } from 'node:http';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface Canaries {
  urls: string[];
  connections(): number;
  /** Library paths (empty when no C compiler is there to build one). */
  libraries: string[];
  libraryLoaded(): boolean;
  folders: string[];
  close(): Promise<void>;
}

const LIBRARY_SOURCE = (marker: string) => `
#include <stdio.h>
__attribute__((constructor)) static void loaded(void) {
  FILE *f = fopen(${JSON.stringify(marker)}, "w");
  if (f) { fputs("loaded", f); fclose(f); }
}
int C_GetFunctionList(void **list) { (void)list; return 5; }
`;

function buildLibrary(dir: string, marker: string): string[] {
  const source = join(dir, 'canary.c');
  writeFileSync(source, LIBRARY_SOURCE(marker));
  const library = join(dir, 'libcanary.so');
  const built = spawnSync('cc', ['-shared', '-fPIC', '-o', library, source], { encoding: 'utf8' });
  return built.status === 0 ? [library] : [];
}

export async function setUpCanaries(): Promise<Canaries> {
  const dir = mkdtempSync(join(tmpdir(), 'desk-canary-'));
  const marker = join(dir, 'LOADED');
  let connections = 0;
  const server: Server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('canary'));
  server.on('connection', () => connections++);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const folder = join(dir, 'private');
  spawnSync('mkdir', ['-p', folder]);
  writeFileSync(join(folder, 'secret.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
  return {
    urls: [`http://127.0.0.1:${port}/`, `https://127.0.0.1:${port}/api/`, `http://localhost:${port}/eSCL/`, `http://[::1]:${port}/`, `127.0.0.1:${port}`],
    connections: () => connections,
    libraries: buildLibrary(dir, marker),
    libraryLoaded: () => existsSync(marker),
    folders: [folder, dir],
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
