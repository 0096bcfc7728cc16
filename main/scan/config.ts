// Where this desk's scanners come from. SANE and WIA are found on the machine; network
// scanners and scan-to-folder directories are named by the administrator, for now through
// the environment (comma-separated): DESK_ESCL_DEVICES, DESK_SCAN_FOLDERS.
import { createScanners, type Scanners } from './registry.ts';
import { EsclBackend } from './escl.ts';

const listFrom = (name: string) =>
  (process.env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function scannersFromEnvironment(): Promise<Scanners> {
  return createScanners({ escl: new EsclBackend({ devices: listFrom('DESK_ESCL_DEVICES') }), folders: listFrom('DESK_SCAN_FOLDERS') });
}
