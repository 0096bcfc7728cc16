// Where browser mode keeps main's own files (the privileged settings): DESK_DATA_DIR when support
// staff name one, else the user's data folder as each system defines it. Electron uses
// app.getPath('userData') instead.
import { homedir } from 'node:os';
import { join } from 'node:path';

const FOLDER = 'mot-cua-desk';

export function browserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (env.DESK_DATA_DIR) return env.DESK_DATA_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), FOLDER);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', FOLDER);
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), FOLDER);
}
