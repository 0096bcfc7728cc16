// What each benchmark section runs besides the desk itself, checked before anything starts:
// a fresh machine used to get as far as the scanning section and stop there. Missing tools are
// named in one line with the Debian packages that bring them.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

interface Tool {
  /** An absolute path, or a command looked up on PATH. */
  command: string;
  debianPackage: string;
  /** What the section needs it for. */
  why: string;
}

const GNU_TIME: Tool = { command: '/usr/bin/time', debianPackage: 'time', why: 'peak memory of each child (GNU time -v)' };

export const SECTION_TOOLS: Record<string, Tool[]> = {
  reception: [],
  protection: [],
  sync: [],
  ux: [],
  cli: [],
  hid: [],
  certify: [],
  ocr: [{ command: 'pdftotext', debianPackage: 'poppler-utils', why: 'reads the text layer back, as a search would' }],
  scorecard: [],
  scanning: [{ command: 'img2pdf', debianPackage: 'img2pdf', why: 'the baseline PDF writer' }, GNU_TIME],
  signing: [{ command: 'openssl', debianPackage: 'openssl', why: 'the baseline CMS signer' }, GNU_TIME],
};

function runnable(command: string, path: string): boolean {
  const candidates = command.includes('/') ? [command] : path.split(delimiter).map((dir) => join(dir, command));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The one line to print when something is missing for the sections asked for; null when all is there. */
export function missingTools(sections: readonly string[], isRunnable = (command: string) => runnable(command, process.env.PATH ?? '')): string | null {
  const missing = new Map<string, Tool>();
  for (const section of sections) for (const tool of SECTION_TOOLS[section] ?? []) if (!isRunnable(tool.command)) missing.set(tool.command, tool);
  if (missing.size === 0) return null;
  const tools = [...missing.values()];
  const packages = [...new Set(tools.map((t) => t.debianPackage))].join(' ');
  return `npm run bench needs: apt-get install ${packages} (missing: ${tools.map((t) => `${t.command} — ${t.why}`).join('; ')})`;
}
