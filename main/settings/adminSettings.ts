// The privileged settings main owns: what it loads (PKCS#11 modules), reads (scan folders) and
// reaches (network scanners, the provincial system, the TSA, the update server). Read from the
// host's data directory at start, applied to the services that use them, and changed only
// through proposals that main checks and an administrator approves on main's own surface
// (approval.ts). The renderer may select among what is here, never add to it by itself.
import { DeskError, type Bilingual } from '#domain/errors.ts';
import type { SettingsChange } from '#preload/contract.ts';
import { log } from '../log.ts';
import { checkAddress } from '../net/urlRules.ts';
import { normalizeEsclUrl } from '../scan/escl.ts';
import { installedModules, type KnownModule, type ModulePlatform } from '../token/pkcs11/moduleList.ts';
import type { Approver, PathTarget } from './approval.ts';
import type { AdminSettingsView, ProposeResult } from '#preload/wire/settings.ts';
import { existingFolder, existingModule, readCertificate } from './rules.ts';
import type { PrivilegedSettings } from './schema.ts';
import { loadSettings, saveSettings } from './store.ts';
import type { InstalledModule } from '#preload/wire/tokens.ts';
import type { UpdateStatus } from '#preload/wire/updates.ts';
import type { PrintService } from '../print/printService.ts';

/** A proposal after main's checks: real paths, normalised addresses. Only these are ever approved. */
export type CheckedChange =
  | { kind: 'add-scan-folder'; path: string }
  | { kind: 'add-escl-scanner'; address: string }
  | { kind: 'add-pkcs11-module'; module: KnownModule }
  | { kind: 'set-provincial'; endpoint: string; ca: string[] }
  | { kind: 'set-tsa'; url: string }
  | { kind: 'set-update-feed'; url: string }
  | { kind: 'set-printer'; name: string };

type Removal = Extract<SettingsChange, { kind: `remove-${string}` | `clear-${string}` }>;
type Addition = Exclude<SettingsChange, Removal>;

/** What the renderer chooses for signing: modules by id among sign.modules, the training token, its trust anchors. */
export interface SigningChoice {
  moduleIds: string[];
  emulator: boolean;
  trustAnchors: Uint8Array[];
}

export interface AdminTargets {
  scans: {
    configure(config: { escl: string[]; folders: string[] }): Promise<void>;
    /** The scan service's own rules (its folder policy): asked before anyone is asked to approve. */
    check(config: { escl: string[]; folders: string[] }): Promise<{ escl: string[]; folders: string[] }>;
  };
  signing: { configure(config: { pkcs11Modules: string[]; emulator: boolean; tsaUrl: string | null; trustAnchors: Uint8Array[] }): void };
  link: { configure(config: { endpoint: string | null; ca: string[] }): void };
  updates: { configure(config: { feedUrl: string | null; deskId: string }): UpdateStatus };
  /** Where forms are printed: an installed printer, checked by the host that prints (printService.ts). */
  printing: Pick<PrintService, 'configure' | 'check'>;
}

export interface AdminSettingsOptions extends AdminTargets {
  /** The host's data directory (Electron: userData; browser mode: dataDir.ts). */
  dir: string;
  approver: Approver<CheckedChange>;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
}

type Part = 'scanners' | 'signing' | 'provincial' | 'updates' | 'printing';

const PART_OF: Record<SettingsChange['kind'], Part> = {
  'add-scan-folder': 'scanners',
  'remove-scan-folder': 'scanners',
  'add-escl-scanner': 'scanners',
  'remove-escl-scanner': 'scanners',
  'add-pkcs11-module': 'signing',
  'remove-pkcs11-module': 'signing',
  'set-tsa': 'signing',
  'clear-tsa': 'signing',
  'set-provincial': 'provincial',
  'clear-provincial': 'provincial',
  'set-update-feed': 'updates',
  'clear-update-feed': 'updates',
  'set-printer': 'printing',
  'clear-printer': 'printing',
};

/** Control and direction characters would let a value rewrite what the console or a dialog shows. */
export function shown(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

function modulePlatformOf(platform: NodeJS.Platform): ModulePlatform {
  return platform === 'win32' || platform === 'darwin' ? platform : 'linux';
}

const listFrom = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function summaryOf(change: CheckedChange): Bilingual {
  switch (change.kind) {
    case 'add-scan-folder':
      return { vi: `Thêm thư mục nhận bản quét: ${shown(change.path)}`, en: `Add the scan folder: ${shown(change.path)}` };
    case 'add-escl-scanner':
      return { vi: `Thêm máy quét mạng (eSCL): ${shown(change.address)}`, en: `Add the network scanner (eSCL): ${shown(change.address)}` };
    case 'add-pkcs11-module': {
      const path = shown(change.module.paths[0]!.path);
      return { vi: `Nạp thư viện PKCS#11 "${shown(change.module.vendor)}": ${path}`, en: `Load the PKCS#11 library "${shown(change.module.vendor)}": ${path}` };
    }
    case 'set-provincial': {
      const cas = change.ca.map((pem) => {
        const c = readCertificate(pem);
        return `${shown(c.subject.replace(/\n/g, ', '))} (SHA-256 ${c.fingerprint256})`;
      });
      return {
        vi: `Đặt địa chỉ hệ thống một cửa của tỉnh: ${shown(change.endpoint)}${cas.length ? `; tin cậy chứng thư CA: ${cas.join('; ')}` : ''}`,
        en: `Set the provincial system address: ${shown(change.endpoint)}${cas.length ? `; trust the CA certificate(s): ${cas.join('; ')}` : ''}`,
      };
    }
    case 'set-tsa':
      return { vi: `Đặt máy chủ dấu thời gian (TSA): ${shown(change.url)}`, en: `Set the timestamp server (TSA): ${shown(change.url)}` };
    case 'set-update-feed':
      return { vi: `Đặt địa chỉ máy chủ cập nhật: ${shown(change.url)}`, en: `Set the update server address: ${shown(change.url)}` };
    case 'set-printer':
      return {
        vi: `In giấy tiếp nhận và các biểu mẫu ra máy in: ${shown(change.name)}`,
        en: `Print receipts and the other forms on the printer: ${shown(change.name)}`,
      };
  }
}

function withChange(s: PrivilegedSettings, change: CheckedChange | Removal): PrivilegedSettings {
  switch (change.kind) {
    case 'add-scan-folder':
      return { ...s, scanFolders: [...s.scanFolders, change.path] };
    case 'remove-scan-folder':
      return { ...s, scanFolders: s.scanFolders.filter((f) => f !== change.path) };
    case 'add-escl-scanner':
      return { ...s, esclScanners: [...s.esclScanners, change.address] };
    case 'remove-escl-scanner':
      return { ...s, esclScanners: s.esclScanners.filter((a) => a !== change.address) };
    case 'add-pkcs11-module':
      return { ...s, pkcs11Modules: [...s.pkcs11Modules, uniqueId(change.module, s.pkcs11Modules)] };
    case 'remove-pkcs11-module':
      return { ...s, pkcs11Modules: s.pkcs11Modules.filter((m) => m.id !== change.id) };
    case 'set-provincial':
      return { ...s, provincial: { endpoint: change.endpoint, ca: change.ca } };
    case 'clear-provincial':
      return { ...s, provincial: null };
    case 'set-tsa':
      return { ...s, tsaUrl: change.url };
    case 'clear-tsa':
      return { ...s, tsaUrl: null };
    case 'set-update-feed':
      return { ...s, updateFeedUrl: change.url };
    case 'clear-update-feed':
      return { ...s, updateFeedUrl: null };
    case 'set-printer':
      return { ...s, printer: change.name };
    case 'clear-printer':
      return { ...s, printer: null };
  }
}

const isRemoval = (change: SettingsChange): change is Removal => change.kind.startsWith('remove-') || change.kind.startsWith('clear-');

/** The id a new module gets: its vendor's slug, numbered when another module has it. */
function uniqueId(module: KnownModule, taken: readonly KnownModule[]): KnownModule {
  const ids = new Set(taken.map((m) => m.id));
  let id = module.id;
  for (let n = 2; ids.has(id); n++) id = `${module.id.slice(0, 56)}-${n}`;
  return { ...module, id };
}

export class AdminSettings {
  private settings: PrivilegedSettings;
  private readonly problems: Bilingual[] = [];
  private choice: SigningChoice = { moduleIds: [], emulator: false, trustAnchors: [] };
  private deskId = '';
  private proposing = false;
  /** Changes apply one after another: the file and the services never see two at once. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly platform: NodeJS.Platform;

  private constructor(
    private readonly options: AdminSettingsOptions,
    loaded: PrivilegedSettings,
  ) {
    this.settings = loaded;
    this.platform = options.platform ?? process.platform;
  }

  /** Reads the file (the defaults when missing or damaged, with the reason) and configures every service from it. */
  static async open(options: AdminSettingsOptions): Promise<AdminSettings> {
    const { settings, problem } = await loadSettings(options.dir, options.platform);
    const admin = new AdminSettings(options, settings);
    if (problem) {
      admin.problems.push(problem.text);
      // Settings, not personal data: the reason in both languages is what support staff need.
      log.error('privileged settings damaged', { code: problem.code, vi: problem.text.vi, en: problem.text.en });
    }
    for (const part of ['scanners', 'signing', 'provincial', 'updates', 'printing'] as const) {
      try {
        await admin.applyPart(part, settings);
      } catch (e) {
        admin.problems.push(
          e instanceof DeskError
            ? e.text
            : { vi: 'Không áp dụng được một phần cài đặt quản trị.', en: 'Part of the administrator settings could not be applied.' },
        );
        log.error('privileged settings not applied', { part, code: e instanceof DeskError ? e.code : 'internal' });
      }
    }
    return admin;
  }

  current(): PrivilegedSettings {
    return this.settings;
  }

  /** The host's data directory, for the doctor's disk check (main/doctor/). */
  dataDir(): string {
    return this.options.dir;
  }

  /** Why part of the settings is not in force (a damaged file, a part not applied), for the doctor. */
  currentProblems(): Bilingual[] {
    return [...this.problems];
  }

  view(): AdminSettingsView {
    const s = this.settings;
    const os = modulePlatformOf(this.platform);
    const env = this.options.env ?? process.env;
    return {
      scanFolders: [...s.scanFolders],
      esclScanners: [...s.esclScanners],
      pkcs11Modules: s.pkcs11Modules.flatMap((m) => m.paths.filter((p) => p.platform === os).map((p) => ({ id: m.id, vendor: m.vendor, path: p.path }))),
      provincial: s.provincial && {
        endpoint: s.provincial.endpoint,
        ca: s.provincial.ca.map((pem) => {
          const c = readCertificate(pem);
          return { pem, subject: c.subject, sha256: c.fingerprint256 };
        }),
      },
      tsaUrl: s.tsaUrl,
      updateFeedUrl: s.updateFeedUrl,
      printer: s.printer,
      environment: { scanFolders: listFrom(env.DESK_SCAN_FOLDERS), esclScanners: listFrom(env.DESK_ESCL_DEVICES) },
      approval: this.options.approver.kind,
      problems: [...this.problems],
    };
  }

  async propose(change: SettingsChange): Promise<ProposeResult> {
    if (isRemoval(change)) {
      // Less to reach needs nobody's approval.
      await this.commit(change);
      return { applied: this.view() };
    }
    if (this.proposing) {
      throw new DeskError('admin.busy', { vi: 'Đang chờ xác nhận một thay đổi khác.', en: 'Another change is waiting to be approved.' });
    }
    this.proposing = true;
    try {
      const target = targetOf(change);
      let path: string | undefined;
      if (target !== 'address') {
        const chosen = await this.options.approver.choosePath(target, 'path' in change ? change.path : undefined);
        if (chosen === null) return { refused: { vi: 'Đã huỷ, không thay đổi gì.', en: 'Cancelled; nothing changed.' } };
        path = chosen;
      }
      const checked = await this.check(change, path);
      if (checked === null) return { applied: this.view() };
      const decision = await this.options.approver.ask(checked, summaryOf(checked), target);
      if ('pending' in decision) return decision;
      if ('refused' in decision) return { refused: { vi: 'Thay đổi đã bị từ chối.', en: 'The change was refused.' } };
      await this.commit(decision.approved);
      return { applied: this.view() };
    } finally {
      this.proposing = false;
    }
  }

  /** Browser mode: the console's code approves the change it was printed for, checked again now. */
  async confirm(id: string, code: string): Promise<AdminSettingsView> {
    const approved = this.options.approver.confirm(id, code);
    const again = await this.recheck(approved);
    if (again === null) return this.view();
    if (JSON.stringify(again) !== JSON.stringify(approved)) {
      throw new DeskError('admin.changed', {
        vi: 'Đối tượng đã thay đổi kể từ lúc đề nghị (ví dụ tệp hoặc thư mục được thay thế): chưa áp dụng. Hãy đề nghị lại.',
        en: 'What was proposed has changed since (a file or folder was replaced): not applied. Propose it again.',
      });
    }
    await this.commit(approved);
    return this.view();
  }

  cancel(id: string): void {
    this.options.approver.cancel(id);
  }

  /** The PKCS#11 modules the renderer may select: the bundled ones installed here and the approved site modules. */
  modules(): InstalledModule[] {
    return installedModules({ extra: this.settings.pkcs11Modules, platform: modulePlatformOf(this.platform) });
  }

  /** The renderer's signing choice; an id main does not list is refused, nothing else can name a library. */
  configureSigning(choice: SigningChoice): void {
    const listed = new Set(this.modules().map((m) => m.id));
    const unknown = choice.moduleIds.filter((id) => !listed.has(id));
    if (unknown.length > 0) {
      throw new DeskError('signing.unknown-module', {
        vi: `Không có thư viện PKCS#11 "${shown(unknown[0]!)}" trong danh sách của máy. Quản trị viên thêm thư viện ở Cài đặt → Chữ ký số.`,
        en: `There is no PKCS#11 library "${shown(unknown[0]!)}" in this desk's list. An administrator adds libraries in Settings → Digital signatures.`,
      });
    }
    this.applySigning(this.settings, choice);
    this.choice = choice;
  }

  /** The desk's id for the staged roll-out, from the renderer; the feed stays main's. */
  configureUpdates(deskId: string): UpdateStatus {
    const status = this.options.updates.configure({ feedUrl: this.settings.updateFeedUrl, deskId });
    this.deskId = deskId;
    return status;
  }

  private applySigning(s: PrivilegedSettings, choice: SigningChoice): void {
    const ids = new Set(choice.moduleIds);
    const paths = installedModules({ extra: s.pkcs11Modules, platform: modulePlatformOf(this.platform) })
      .filter((m) => ids.has(m.id))
      .map((m) => m.path);
    this.options.signing.configure({ pkcs11Modules: paths, emulator: choice.emulator, tsaUrl: s.tsaUrl, trustAnchors: choice.trustAnchors });
  }

  private async applyPart(part: Part, s: PrivilegedSettings): Promise<void> {
    switch (part) {
      case 'scanners':
        await this.options.scans.configure({ escl: s.esclScanners, folders: s.scanFolders });
        return;
      case 'signing':
        this.applySigning(s, this.choice);
        return;
      case 'provincial':
        this.options.link.configure({ endpoint: s.provincial?.endpoint ?? null, ca: s.provincial?.ca ?? [] });
        return;
      case 'updates':
        this.options.updates.configure({ feedUrl: s.updateFeedUrl, deskId: this.deskId });
        return;
      case 'printing':
        this.options.printing.configure(s.printer);
        return;
    }
  }

  /** The service takes the new settings first (it may refuse them), then the file is replaced; a failed write puts the old ones back. */
  private commit(change: CheckedChange | Removal): Promise<void> {
    const part = PART_OF[change.kind];
    const run = this.queue.then(async () => {
      const next = withChange(this.settings, change);
      await this.applyPart(part, next);
      try {
        await saveSettings(this.options.dir, next);
      } catch (e) {
        await this.applyPart(part, this.settings).catch(() => undefined);
        throw e;
      }
      this.settings = next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Checks a proposal with the rules the file is read with; null: already there, nothing to do. */
  private async check(change: Addition, path: string | undefined): Promise<CheckedChange | null> {
    const s = this.settings;
    switch (change.kind) {
      case 'add-scan-folder': {
        const [real] = (await this.options.scans.check({ escl: [], folders: [await existingFolder(path!, this.platform)] })).folders;
        return s.scanFolders.includes(real!) ? null : { kind: 'add-scan-folder', path: real! };
      }
      case 'add-escl-scanner': {
        const bare = change.address.replace(/^escl:/, '');
        const address = normalizeEsclUrl(checkAddress('escl', /^[a-z][a-z0-9+.-]*:\/\//i.test(bare) ? bare : `http://${bare}`).href);
        return s.esclScanners.includes(address) ? null : { kind: 'add-escl-scanner', address };
      }
      case 'add-pkcs11-module': {
        const module = await existingModule(change.vendor, path!, this.platform);
        const file = module.paths[0]!;
        if (s.pkcs11Modules.some((m) => m.paths.some((p) => p.platform === file.platform && p.path === file.path))) return null;
        return { kind: 'add-pkcs11-module', module };
      }
      case 'set-provincial': {
        const endpoint = checkAddress('provincial', change.endpoint).href.replace(/\/+$/, '');
        change.ca.forEach(readCertificate);
        return { kind: 'set-provincial', endpoint, ca: change.ca };
      }
      case 'set-tsa':
        return { kind: 'set-tsa', url: checkAddress('tsa', change.url).href };
      case 'set-update-feed':
        return { kind: 'set-update-feed', url: checkAddress('update-feed', change.url).href };
      case 'set-printer': {
        const name = await this.options.printing.check(change.name);
        return s.printer === name ? null : { kind: 'set-printer', name };
      }
    }
  }

  /** The same checks again on an approved change, as it stands now. */
  private recheck(change: CheckedChange): Promise<CheckedChange | null> {
    switch (change.kind) {
      case 'add-scan-folder':
        return this.check({ kind: 'add-scan-folder', path: change.path }, change.path);
      case 'add-pkcs11-module': {
        const path = change.module.paths[0]!.path;
        return this.check({ kind: 'add-pkcs11-module', vendor: change.module.vendor, path }, path);
      }
      case 'add-escl-scanner':
        return this.check({ kind: 'add-escl-scanner', address: change.address }, undefined);
      case 'set-provincial':
      case 'set-tsa':
      case 'set-update-feed':
        return this.check(change, undefined);
      case 'set-printer':
        return this.check({ kind: 'set-printer', name: change.name }, undefined);
    }
  }
}

function targetOf(change: Addition): PathTarget | 'address' {
  return change.kind === 'add-scan-folder' ? 'scan-folder' : change.kind === 'add-pkcs11-module' ? 'pkcs11-module' : 'address';
}
