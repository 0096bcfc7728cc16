// What the privileged settings file holds, and the rules every value obeys when the file is read:
// the same rules (rules.ts, main/net/urlRules.ts, moduleList.ts's customModuleInput) that checked
// the value before an administrator approved it. A file that breaks them is damaged, whoever
// wrote it.
import { z } from 'zod';
import { DeskError } from '#domain/errors.ts';
import { parseModuleList, type KnownModule } from '../token/pkcs11/moduleList.ts';
import { checkAddress } from '../net/urlRules.ts';
import { folderPathProblem, moduleEntryProblem, readCertificate } from './rules.ts';
import { printerNameProblem } from '../print/printService.ts';

export const SETTINGS_FILE = 'privileged-settings.json';
export const SETTINGS_FORMAT = 'mot-cua-desk-privileged-settings/1';

const address = z.string().min(1).max(500);

const fileSchema = z.object({
  format: z.literal(SETTINGS_FORMAT),
  scanFolders: z.array(z.string().min(1).max(500)).max(20),
  esclScanners: z.array(address).max(20),
  /** The administrator's own PKCS#11 modules, in the site-module format of known-modules.json. */
  pkcs11Modules: z.array(z.unknown()).max(20),
  provincial: z.object({ endpoint: address, ca: z.array(z.string().min(1).max(20_000)).max(10) }).nullable(),
  tsaUrl: address.nullable(),
  updateFeedUrl: address.nullable(),
  /** Absent from files written before the printer was main's: none chosen. */
  printer: z.string().max(500).nullable().default(null),
});

export interface PrivilegedSettings {
  scanFolders: string[];
  esclScanners: string[];
  pkcs11Modules: KnownModule[];
  provincial: { endpoint: string; ca: string[] } | null;
  tsaUrl: string | null;
  updateFeedUrl: string | null;
  /** The printer forms go to, by its system name; installed-or-not is checked when it prints. */
  printer: string | null;
}

export const DEFAULT_SETTINGS: PrivilegedSettings = {
  scanFolders: [],
  esclScanners: [],
  pkcs11Modules: [],
  provincial: null,
  tsaUrl: null,
  updateFeedUrl: null,
  printer: null,
};

/** Why a file is not a settings file main may use; the reason names the entry. */
class Damaged extends Error {}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(file)'}: ${issue.message}` : 'unreadable';
}

function mustPass(check: () => unknown, where: string): void {
  try {
    check();
  } catch (e) {
    throw new Damaged(`${where}: ${e instanceof DeskError ? e.text.en : e instanceof Error ? e.message : String(e)}`);
  }
}

/** Parses the file's JSON and checks every entry; throws an Error naming the first bad one. */
export function parseSettings(json: unknown, platform: NodeJS.Platform = process.platform): PrivilegedSettings {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new Damaged(firstIssue(parsed.error));
  const file = parsed.data;
  file.scanFolders.forEach((folder, i) => {
    const problem = folderPathProblem(folder, platform);
    if (problem) throw new Damaged(`scanFolders.${i}: ${problem.en}`);
  });
  file.esclScanners.forEach((a, i) => mustPass(() => checkAddress('escl', a), `esclScanners.${i}`));
  let modules: KnownModule[] = [];
  mustPass(() => (modules = parseModuleList({ modules: file.pkcs11Modules }, 'pkcs11Modules')), 'pkcs11Modules');
  modules.forEach((m, i) => {
    const problem = moduleEntryProblem(m);
    if (problem) throw new Damaged(`pkcs11Modules.${i}: ${problem}`);
  });
  if (new Set(modules.map((m) => m.id)).size !== modules.length) throw new Damaged('pkcs11Modules: the same id twice');
  if (file.provincial) {
    const { endpoint, ca } = file.provincial;
    mustPass(() => checkAddress('provincial', endpoint), 'provincial.endpoint');
    ca.forEach((pem, i) => mustPass(() => readCertificate(pem), `provincial.ca.${i}`));
  }
  if (file.tsaUrl) mustPass(() => checkAddress('tsa', file.tsaUrl!), 'tsaUrl');
  if (file.updateFeedUrl) mustPass(() => checkAddress('update-feed', file.updateFeedUrl!), 'updateFeedUrl');
  if (file.printer !== null && printerNameProblem(file.printer)) throw new Damaged('printer: not a printer name');
  return {
    scanFolders: file.scanFolders,
    esclScanners: file.esclScanners,
    pkcs11Modules: modules,
    provincial: file.provincial,
    tsaUrl: file.tsaUrl,
    updateFeedUrl: file.updateFeedUrl,
    printer: file.printer,
  };
}

export function isDamaged(e: unknown): e is Error {
  return e instanceof Damaged;
}

export function serialiseSettings(settings: PrivilegedSettings): string {
  return `${JSON.stringify({ format: SETTINGS_FORMAT, ...settings }, null, 2)}\n`;
}
