// For tests: the operating system's side of printing — the installed printers and the spooler
// that takes a job — which no test machine has. Everything above it (which printer, which form,
// the settings and approvals) runs for real.
import { DeskError } from '#domain/errors.ts';
import type { PrintHost, PrintJob } from './printHost.ts';

export interface Spooler extends PrintHost {
  installed: string[];
  jobs: PrintJob[];
  /** The next job is refused the way a printer out of paper would be. */
  refuseNext: boolean;
}

export function testSpooler(installed: string[]): Spooler {
  const spooler: Spooler = {
    mode: 'silent',
    installed,
    jobs: [],
    refuseNext: false,
    printers: async () => spooler.installed.map((name) => ({ name, displayName: name, description: '' })),
    print: async (job) => {
      if (spooler.refuseNext) {
        spooler.refuseNext = false;
        throw new DeskError('print.failed', { vi: 'Máy in không nhận lệnh in (hết giấy).', en: 'The printer did not take the job (out of paper).' });
      }
      spooler.jobs.push(job);
    },
  };
  return spooler;
}
