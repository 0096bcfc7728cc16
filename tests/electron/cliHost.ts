// Child process of tests/electron/cli.test.ts: the built shell (dist/main/electron.cjs) in plain
// Node with `require('electron')` answered by the fake, started as the installed `desk` starts the
// app (`mot-cua-desk --cli COMMAND …`; here `node --import tsx cliHost.ts --cli COMMAND …`).
// app.exit prints the Electron APIs the shell called, as the last line on stderr, and ends the
// process with its code, as Electron does.
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFakeElectron } from './fakeElectron.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

const fake = createFakeElectron({
  appPath: REPO,
  onExit: (code) => {
    process.stderr.write(`\nELECTRON CALLS ${JSON.stringify(fake.calls.map((call) => call.api))}\n`);
    process.exit(code);
  },
});

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };
const load = loader._load;
loader._load = (request, parent, isMain) => (request === 'electron' ? fake.module : load(request, parent, isMain));

createRequire(import.meta.url)(join(REPO, 'dist', 'main', 'electron.cjs'));
await fake.becomeReady();
