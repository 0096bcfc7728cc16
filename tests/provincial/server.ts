// `npm run provincial -- --data DIR --port N`: the reference provincial server on loopback.

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startProvincialServer } from './app.ts';

/** Ignored by git (see .gitignore here), so a demo run leaves the work tree clean. */
const DEFAULT_DATA = fileURLToPath(new URL('./.data', import.meta.url));

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: process.env.PROVINCIAL_DATA ?? DEFAULT_DATA },
    port: { type: 'string', default: process.env.PROVINCIAL_PORT ?? '8787' },
    'token-ttl': { type: 'string', default: process.env.PROVINCIAL_TOKEN_TTL ?? '900' },
  },
});

const port = Number(values.port);
const tokenTtlSeconds = Number(values['token-ttl']);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 1) {
  console.error('usage: npm run provincial -- [--data DIR] [--port 0-65535] [--token-ttl SECONDS]');
  process.exit(2);
}
const dataDir = resolve(values.data);
const server = await startProvincialServer({ dataDir, port, auth: { tokenTtlSeconds } });

console.log(`provincial server listening on ${server.url}`);
console.log(`data folder: ${dataDir}`);
console.log(`API description: ${server.url}/openapi.yaml`);
console.log(`operator page: ${server.operatorUrl}`);
console.log('enrolment code for a desk (or use the operator page):');
console.log(`  node --import tsx tests/provincial/operator.ts enrol --data ${JSON.stringify(dataDir)} --agency 000.17.22.H56`);

const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
