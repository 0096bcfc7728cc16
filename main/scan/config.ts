// Where this desk's scanners come from. SANE and WIA are found on the machine; network
// scanners (eSCL/AirScan) and scan-to-folder directories are named by the administrator in
// the desk settings (scan.configure), and may also be given in the environment
// (comma-separated DESK_ESCL_DEVICES, DESK_SCAN_FOLDERS) for support staff and tests.
import { createScanners, type Scanners } from './registry.ts';
import { EsclBackend } from './escl.ts';

export interface ScannerConfig {
  escl: string[];
  folders: string[];
}

const listFrom = (name: string) =>
  (process.env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function createConfiguredScanners(config: ScannerConfig = { escl: [], folders: [] }): Promise<Scanners> {
  const unique = (items: string[]) => [...new Set(items)];
  return createScanners({
    escl: new EsclBackend({ devices: unique([...listFrom('DESK_ESCL_DEVICES'), ...config.escl]) }),
    folders: unique([...listFrom('DESK_SCAN_FOLDERS'), ...config.folders]),
  });
}
