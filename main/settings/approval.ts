// Who approves a change to the privileged settings, on a surface the renderer can neither draw
// nor forge. The renderer only proposes; main checks the value, then asks:
// - Electron: a native dialog main opens itself. A folder or a PKCS#11 module is picked in an
//   open dialog (the path the renderer sent is not used); an address is shown exactly in a
//   message box whose default and cancel button refuse.
// - Browser mode: the console of the process the administrator started. Main prints the change
//   and a one-time 6-digit code there; the code, typed back into the desk, approves that change
//   and nothing else. Single use, 5 minutes, 3 wrong tries cancel it, compared in constant time.
import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { DeskError, type Bilingual } from '#domain/errors.ts';
import type { ApprovalKind, PendingChange } from '#preload/wire/settings.ts';

export type PathTarget = 'scan-folder' | 'pkcs11-module';

export type Decision<C> = { approved: C } | { refused: true } | { pending: PendingChange };

export interface Approver<C> {
  readonly kind: ApprovalKind;
  /** The path a folder or module change is about: picked in a main-side dialog, or the proposed one (shown on the console). null: cancelled. */
  choosePath(target: PathTarget, proposed: string | undefined): Promise<string | null>;
  /** Asks for approval of a change main has already checked. */
  ask(change: C, summary: Bilingual, target: PathTarget | 'address'): Promise<Decision<C>>;
  /** The change a correct code approves; throws otherwise. */
  confirm(id: string, code: string): C;
  cancel(id: string): void;
}

const noPending = () =>
  new DeskError('admin.no-pending', {
    vi: 'Không có thay đổi nào đang chờ xác nhận như vậy (đã dùng, đã huỷ hoặc đã hết hạn). Hãy đề nghị lại.',
    en: 'No such change is waiting for confirmation (used, cancelled or expired). Propose it again.',
  });

// ---------------------------------------------------------------------------------------------
// Console (browser mode)

export const CODE_TTL_MS = 5 * 60_000;
export const CODE_TRIES = 3;

export interface ConsoleApproverOptions {
  /** The host's console: the terminal of the process the administrator started. */
  out: { write(text: string): unknown };
  now?: () => number;
}

interface Waiting<C> {
  change: C;
  summary: Bilingual;
  code: Buffer;
  expiresAt: number;
  wrong: number;
}

export function createConsoleApprover<C>(options: ConsoleApproverOptions): Approver<C> {
  const now = options.now ?? Date.now;
  const print = (lines: string[]) => options.out.write(`${lines.join('\n')}\n`);
  // One change waits at a time: the code on the console is always the one for the latest proposal.
  let waiting: { id: string; entry: Waiting<C> } | null = null;

  const take = (id: string): Waiting<C> => {
    if (!waiting || waiting.id !== id) throw noPending();
    return waiting.entry;
  };

  return {
    kind: 'console',
    async choosePath(target, proposed) {
      if (proposed) return proposed;
      throw new DeskError('admin.path-required', {
        vi: target === 'scan-folder' ? 'Hãy nhập đường dẫn thư mục quét.' : 'Hãy nhập đường dẫn đầy đủ tới tệp thư viện PKCS#11.',
        en: target === 'scan-folder' ? 'Enter the scan folder path.' : 'Enter the full path of the PKCS#11 library file.',
      });
    },
    async ask(change, summary) {
      if (waiting)
        print([`Một Cửa Desk: đề nghị trước đã bị thay thế, mã của nó hết hiệu lực. / The earlier proposal was replaced; its code no longer works.`]);
      const id = randomUUID();
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = now() + CODE_TTL_MS;
      waiting = { id, entry: { change, summary, code: Buffer.from(code), expiresAt, wrong: 0 } };
      const until = new Date(expiresAt).toLocaleTimeString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit' });
      print([
        '',
        '──── Một Cửa Desk: đề nghị thay đổi cài đặt quản trị / administrator settings change ────',
        `  ${summary.vi}`,
        `  ${summary.en}`,
        `  Mã xác nhận / Confirmation code: ${code}`,
        `  Dùng một lần, hết hạn lúc ${until} (giờ Việt Nam). / Single use, expires at ${until} (Vietnam time).`,
        '  Nếu bạn không đề nghị đúng thay đổi này, đừng nhập mã. / If you did not propose exactly this change, do not enter the code.',
        '',
      ]);
      return { pending: { id, summary, expiresAt: new Date(expiresAt).toISOString() } };
    },
    confirm(id, code) {
      const entry = take(id);
      if (now() > entry.expiresAt) {
        waiting = null;
        throw new DeskError('admin.code-expired', {
          vi: 'Mã xác nhận đã hết hạn (5 phút). Hãy đề nghị lại.',
          en: 'The confirmation code has expired (5 minutes). Propose the change again.',
        });
      }
      const given = Buffer.from(code);
      if (given.length === entry.code.length && timingSafeEqual(given, entry.code)) {
        waiting = null;
        print(['Một Cửa Desk: thay đổi đã được xác nhận. / The change was confirmed.']);
        return entry.change;
      }
      entry.wrong += 1;
      if (entry.wrong >= CODE_TRIES) {
        waiting = null;
        print(['Một Cửa Desk: nhập sai mã 3 lần, đề nghị đã bị huỷ. / Three wrong codes: the proposal was cancelled.']);
        throw new DeskError('admin.too-many-tries', {
          vi: 'Nhập sai mã xác nhận 3 lần: đề nghị đã bị huỷ.',
          en: 'Three wrong confirmation codes: the proposal was cancelled.',
        });
      }
      const left = CODE_TRIES - entry.wrong;
      throw new DeskError('admin.wrong-code', {
        vi: `Sai mã xác nhận. Còn ${left} lần thử.`,
        en: `Wrong confirmation code. ${left} ${left === 1 ? 'try' : 'tries'} left.`,
      });
    },
    cancel(id) {
      if (waiting?.id !== id) return;
      waiting = null;
      print(['Một Cửa Desk: đề nghị đã được huỷ. / The proposal was cancelled.']);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Native dialogs (Electron). The shapes are Electron's, so main/electron.ts hands its dialog
// functions over as they are; nothing here imports electron.

export interface OpenDialogOptions {
  title: string;
  properties: Array<'openFile' | 'openDirectory' | 'dontAddToRecent'>;
  filters?: Array<{ name: string; extensions: string[] }>;
}

export interface MessageBoxOptions {
  type: 'question';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: boolean;
}

export interface NativeDialogs {
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
}

const APPROVE_BUTTON = 1;

function libraryFilters(platform: NodeJS.Platform): OpenDialogOptions['filters'] {
  // Linux libraries carry versions after ".so" (libx.so.2), which a dialog filter cannot match.
  if (platform === 'win32') return [{ name: 'PKCS#11 (.dll)', extensions: ['dll'] }];
  if (platform === 'darwin') return [{ name: 'PKCS#11 (.dylib, .so)', extensions: ['dylib', 'so'] }];
  return undefined;
}

export function createDialogApprover<C>(dialogs: NativeDialogs, platform: NodeJS.Platform = process.platform): Approver<C> {
  return {
    kind: 'dialog',
    async choosePath(target) {
      const filters = target === 'pkcs11-module' ? libraryFilters(platform) : undefined;
      const picked = await dialogs.showOpenDialog({
        title:
          target === 'scan-folder'
            ? 'Chọn thư mục nhận bản quét / Choose the scan folder'
            : 'Chọn tệp thư viện PKCS#11 của token / Choose the token’s PKCS#11 library',
        properties: [target === 'scan-folder' ? 'openDirectory' : 'openFile', 'dontAddToRecent'],
        ...(filters ? { filters } : {}),
      });
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    async ask(change, summary, target) {
      // A path was picked in main's own dialog just now: that choice is the approval.
      if (target !== 'address') return { approved: change };
      const { response } = await dialogs.showMessageBox({
        type: 'question',
        title: 'Một Cửa Desk — xác nhận thay đổi / confirm a change',
        message: summary.vi,
        detail: `${summary.en}\n\nChỉ đồng ý nếu chính bạn vừa đề nghị đúng thay đổi này. / Approve only if you just proposed exactly this change.`,
        buttons: ['Từ chối / Refuse', 'Đồng ý / Approve'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      });
      return response === APPROVE_BUTTON ? { approved: change } : { refused: true };
    },
    confirm() {
      throw noPending();
    },
    cancel() {},
  };
}
