// `npm start`: builds, then opens the desktop app; where Electron's binary is absent
// (as on machines that cannot download it) it says so in one line and starts browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { electronBinary, isExecutable } from './electronBinary.ts';

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const found = electronBinary();
const binary = found && isExecutable(found) ? found : null;
const child = binary
  ? spawn(binary, ['.'], { stdio: 'inherit' })
  : (console.log('Không có Electron trên máy này: chạy chế độ trình duyệt / Electron binary not installed: starting browser mode.'),
    spawn(process.execPath, ['--import', 'tsx', 'main/web.ts'], { stdio: 'inherit', env: { ...process.env, DESK_PORT: process.env.DESK_PORT ?? '5180' } }));
child.on('exit', (code) => process.exit(code ?? 0));
