// The update state machine on the main side (README.md beside this file draws it). One instance
// per host: Electron applies updates, browser mode only checks and downloads. The renderer drives
// it through the update.* calls and reports the reception in progress; scans and signatures are
// asked directly. Nothing touches the installed app until an installer is downloaded, matches the
// signed feed, and the desk is idle.
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeskError, isDeskError, type Bilingual } from '#domain/errors.ts';
import { log } from '../log.ts';
import {
  installerUrl,
  selectInstaller,
  shippedTrustFile,
  signatureUrl,
  trustedKeysOf,
  validateFeedUrl,
  verifyFeed,
  type Feed,
  type Installer,
  type InstallerTarget,
  type TrustFile,
} from './feed.ts';
import { judgeVersion } from './version.ts';
import { inRolloutStage, rolloutBucket } from './rollout.ts';
import { downloadResumable, fetchSmall, type DownloadOptions } from './download.ts';
import { checkAuthenticode, verifyDownloaded } from './installerCheck.ts';
import { NSIS_UPDATE_ARGS, debInstructions, forgetPreviousAppImage, installerTarget, launchDetached, replaceAppImage, type ReplaceSteps } from './apply.ts';
import type { Activity, UpdateState, UpdateStatus } from '#preload/wire/updates.ts';

/** What the shell does once an installer is ready to take over. */
export interface ApplyHost {
  quit(): void;
  relaunch(execPath: string): void;
}

export interface UpdateServiceOptions {
  currentVersion: string;
  /** Where installers are downloaded (one folder per version). */
  dir: string;
  target: InstallerTarget | null;
  host: ApplyHost | null;
  /** Main-side work in progress (scans, signatures). */
  busy: () => Activity[];
  trust?: TrustFile;
  env?: Record<string, string | undefined>;
  platform?: string;
  download?: Pick<DownloadOptions, 'attempts' | 'retryDelayMs' | 'idleTimeoutMs'>;
  launch?: (file: string, args: readonly string[]) => void;
  checkSignature?: (path: string, publishers: readonly string[]) => Promise<void>;
  replace?: ReplaceSteps;
  /** How often a deferred installation looks again whether the desk is idle. */
  retryApplyMs?: number;
}

const MAX_FEED = 64 * 1024;
const MAX_SIGNATURE = 4 * 1024;
/** The renderer repeats "reception in progress" every minute; a report this old is from a page that is gone. */
export const RECEPTION_REPORT_TTL_MS = 3 * 60_000;

const ACTIVITY_TEXT: Record<Activity, Bilingual> = {
  reception: { vi: 'đang tiếp nhận hồ sơ', en: 'a dossier is being received' },
  scan: { vi: 'đang quét', en: 'a scan is running' },
  signing: { vi: 'đang ký số', en: 'a signature is being made' },
};

const readyMessage = (version: string): Bilingual => ({
  vi: `Có bản cập nhật ${version} — sẽ cài khi không có hồ sơ đang tiếp nhận.`,
  en: `Update ${version} is ready — it installs when no dossier is being received.`,
});

interface Offer {
  feed: Feed;
  installer: Installer;
  required: boolean;
}

export class UpdateService {
  private feedUrl: URL | null = null;
  private deskId = '';
  private state: UpdateState = 'not-configured';
  private message: Bilingual | null = null;
  private offer: Offer | null = null;
  private file: string | null = null;
  private progress: UpdateStatus['progress'] = null;
  private checkedAt: string | null = null;
  private receptionReportedAt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private work: Promise<unknown> = Promise.resolve();
  private readonly trust: TrustFile;

  constructor(private readonly options: UpdateServiceOptions) {
    this.trust = options.trust ?? shippedTrustFile;
  }

  status(): UpdateStatus {
    const { feed, installer, required } = this.offer ?? {};
    return {
      state: this.state,
      currentVersion: this.options.currentVersion,
      feedUrl: this.feedUrl?.href ?? null,
      update: feed && installer ? { version: feed.version, releaseDate: feed.releaseDate, size: installer.size, required: required ?? false } : null,
      progress: this.progress,
      busy: this.busyNow(),
      message: this.message,
      canApply: this.options.host !== null,
      checkedAt: this.checkedAt,
    };
  }

  /** Resolves when the download or installation started last has finished (for tests and the CLI). */
  settled(): Promise<void> {
    return this.work.then(() => undefined);
  }

  /** The administrator's feed address (null: no updates) and this desk's id for the staged roll-out. */
  configure(config: { feedUrl: string | null; deskId: string }): UpdateStatus {
    const url = config.feedUrl ? validateFeedUrl(config.feedUrl) : null;
    if (url?.href !== this.feedUrl?.href || config.deskId !== this.deskId) {
      if (this.state === 'downloading' || this.state === 'applying') {
        throw new DeskError('update.busy-updating', {
          vi: 'Đang tải hoặc cài bản cập nhật, hãy đổi cấu hình sau.',
          en: 'An update is downloading or installing; change this later.',
        });
      }
      this.feedUrl = url;
      this.deskId = config.deskId;
      this.offer = null;
      this.file = null;
      this.progress = null;
      this.cancelPendingApply();
      this.set(url ? 'idle' : 'not-configured', null);
    }
    return this.status();
  }

  async check(): Promise<UpdateStatus> {
    const feedUrl = this.requireConfigured();
    if (['downloading', 'waiting-idle', 'applying'].includes(this.state)) return this.status();
    this.set('checking', null);
    this.checkedAt = new Date().toISOString();
    try {
      const [feedBytes, signature] = await Promise.all([fetchSmall(feedUrl, MAX_FEED), fetchSmall(signatureUrl(feedUrl), MAX_SIGNATURE)]);
      const feed = verifyFeed(feedBytes, signature, trustedKeysOf(this.trust));
      this.decide(feed);
    } catch (e) {
      this.offer = null;
      this.fail(e);
    }
    log.info('update check', { state: this.state, ...(this.offer ? { version: this.offer.feed.version } : {}) });
    return this.status();
  }

  private decide(feed: Feed): void {
    const current = this.options.currentVersion;
    const judged = judgeVersion(current, feed);
    if (judged.verdict !== 'newer') {
      this.offer = null;
      this.set(judged.verdict === 'same' ? 'up-to-date' : 'refused', judged.reason);
      return;
    }
    const target = this.options.target;
    if (!target) {
      throw new DeskError('update.unsupported', {
        vi: 'Máy này không tự cập nhật được (hệ điều hành hoặc kiểu cài đặt không hỗ trợ).',
        en: 'This desk cannot update itself (operating system or installation kind not supported).',
      });
    }
    const installer = selectInstaller(feed, target);
    const already = this.file !== null && this.offer?.installer.sha512 === installer.sha512;
    this.offer = { feed, installer, required: judged.required };
    if (already) {
      this.set('downloaded', readyMessage(feed.version));
      return;
    }
    this.file = null;
    if (!judged.required && !inRolloutStage(this.deskId, feed.version, feed.rolloutPercent)) {
      const bucket = rolloutBucket(this.deskId, feed.version);
      this.set('not-in-stage', {
        vi: `Phiên bản ${feed.version} đang được phát hành dần (${feed.rolloutPercent}% số máy); máy này (nhóm ${bucket}) sẽ nhận ở đợt sau, chưa cập nhật.`,
        en: `Version ${feed.version} is being rolled out in stages (${feed.rolloutPercent}% of desks); this desk (bucket ${bucket}) gets it in a later stage and is not updated now.`,
      });
      return;
    }
    this.set(
      'available',
      judged.required
        ? {
            vi: `Có bản cập nhật ${feed.version}, bắt buộc: phiên bản ${current} không còn được hỗ trợ (tối thiểu ${feed.minimumVersion}).`,
            en: `Update ${feed.version} is available and required: version ${current} is no longer supported (minimum ${feed.minimumVersion}).`,
          }
        : { vi: `Có bản cập nhật ${feed.version}.`, en: `Update ${feed.version} is available.` },
    );
  }

  /** Starts the download in the background; update.status reports its progress. */
  download(): UpdateStatus {
    this.requireConfigured();
    const offer = this.offer;
    if (!offer || !['available', 'error', 'refused'].includes(this.state)) {
      if (this.state === 'downloading' || this.state === 'downloaded') return this.status();
      throw new DeskError('update.nothing-to-download', {
        vi: 'Chưa có bản cập nhật nào để tải; hãy kiểm tra cập nhật trước.',
        en: 'There is no update to download; check for updates first.',
      });
    }
    this.progress = { received: 0, total: offer.installer.size };
    this.set('downloading', { vi: `Đang tải bản cập nhật ${offer.feed.version}…`, en: `Downloading update ${offer.feed.version}…` });
    this.work = this.runDownload(offer);
    return this.status();
  }

  private async runDownload(offer: Offer): Promise<void> {
    const { feed, installer } = offer;
    try {
      // One folder per version; older versions' files are of no more use.
      const entries = await readdir(this.options.dir).catch(() => [] as string[]);
      await Promise.all(entries.filter((e) => e !== feed.version).map((e) => rm(join(this.options.dir, e), { recursive: true, force: true })));
      this.file = await downloadResumable({
        dir: join(this.options.dir, feed.version),
        file: installer.file,
        expected: { url: installerUrl(this.feedUrl!, installer).href, size: installer.size, sha512: installer.sha512 },
        ...this.options.download,
        onProgress: (received, total) => (this.progress = { received, total }),
      });
      this.progress = { received: installer.size, total: installer.size };
      this.set('downloaded', readyMessage(feed.version));
    } catch (e) {
      this.fail(e);
    }
    log.info('update download', { state: this.state, version: feed.version });
  }

  /** Installs now if the desk is idle; otherwise waits for it and says why. */
  async apply(): Promise<UpdateStatus> {
    if (!this.options.host) {
      throw new DeskError('update.browser-mode', {
        vi: 'Ở chế độ trình duyệt không cài được bản cập nhật: hãy mở ứng dụng trên máy tính để cài.',
        en: 'Updates cannot be installed in browser mode: open the desktop app to install.',
      });
    }
    if (this.state !== 'downloaded' && this.state !== 'waiting-idle') {
      throw new DeskError('update.not-ready', {
        vi: 'Chưa có bản cập nhật đã tải và kiểm tra xong để cài.',
        en: 'No downloaded, verified update is ready to install.',
      });
    }
    const busy = this.busyNow();
    if (busy.length > 0) {
      this.set('waiting-idle', {
        vi: `Chưa cài bản ${this.offer!.feed.version}: ${busy.map((a) => ACTIVITY_TEXT[a].vi).join(', ')}. Sẽ tự cài khi xong.`,
        en: `Update ${this.offer!.feed.version} not installed yet: ${busy.map((a) => ACTIVITY_TEXT[a].en).join(', ')}. It installs by itself when that is done.`,
      });
      this.retryTimer ??= setInterval(() => this.applyIfIdle(), this.options.retryApplyMs ?? 15_000);
      this.retryTimer.unref();
      return this.status();
    }
    this.cancelPendingApply();
    const applying = this.install(this.offer!, this.file!);
    this.work = applying;
    await applying;
    return this.status();
  }

  private applyIfIdle(): void {
    if (this.state === 'waiting-idle' && this.busyNow().length === 0) this.work = this.apply().catch(() => undefined);
  }

  private async install(offer: Offer, file: string): Promise<void> {
    this.set('applying', { vi: `Đang cài bản cập nhật ${offer.feed.version}…`, en: `Installing update ${offer.feed.version}…` });
    const host = this.options.host!;
    try {
      await verifyDownloaded(file, offer.installer);
      switch (offer.installer.kind) {
        case 'nsis': {
          if ((this.options.platform ?? process.platform) === 'win32') {
            await (this.options.checkSignature ?? checkAuthenticode)(file, this.trust.windowsPublishers);
          }
          (this.options.launch ?? launchDetached)(file, NSIS_UPDATE_ARGS);
          host.quit();
          break;
        }
        case 'appimage': {
          const image = this.appImage();
          await replaceAppImage(file, image, this.options.replace);
          host.relaunch(image);
          break;
        }
        case 'deb':
          this.set('manual', debInstructions(file));
          break;
      }
    } catch (e) {
      if (isDeskError(e) && e.code === 'update.tampered') this.file = null;
      this.fail(e);
    }
    log.info('update apply', { state: this.state, version: offer.feed.version, kind: offer.installer.kind });
  }

  /** The renderer's "reception in progress", repeated while it lasts. */
  setBusy(activity: 'reception', busy: boolean): null {
    if (activity === 'reception') this.receptionReportedAt = busy ? Date.now() : 0;
    if (!busy) this.applyIfIdle();
    return null;
  }

  /** Called once the app runs: an AppImage that started is kept, the one it replaced is dropped. */
  async startedUp(): Promise<void> {
    const image = (this.options.env ?? process.env).APPIMAGE;
    if (image) await forgetPreviousAppImage(image);
  }

  close(): void {
    this.cancelPendingApply();
  }

  private appImage(): string {
    const image = (this.options.env ?? process.env).APPIMAGE;
    if (!image) throw new DeskError('update.no-appimage', { vi: 'Không biết tệp AppImage đang chạy.', en: 'The running AppImage is unknown.' });
    return image;
  }

  private busyNow(): Activity[] {
    const reception = this.receptionReportedAt > 0 && Date.now() - this.receptionReportedAt < RECEPTION_REPORT_TTL_MS;
    return [...(reception ? (['reception'] as const) : []), ...this.options.busy()];
  }

  private cancelPendingApply(): void {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
  }

  private requireConfigured(): URL {
    if (!this.feedUrl) {
      throw new DeskError('update.not-configured', {
        vi: 'Chưa cấu hình địa chỉ máy chủ cập nhật (Cài đặt → Cập nhật phần mềm).',
        en: 'The update server address is not configured (Settings → Software updates).',
      });
    }
    return this.feedUrl;
  }

  private set(state: UpdateState, message: Bilingual | null): void {
    this.state = state;
    this.message = message;
  }

  /** Network trouble is an error to retry; anything about trust or integrity is a refusal. */
  private fail(e: unknown): void {
    this.cancelPendingApply();
    if (!isDeskError(e)) {
      log.error('update failed', { error: e instanceof Error ? e.name : typeof e });
      this.set('error', { vi: 'Lỗi khi cập nhật; máy vẫn dùng phiên bản hiện tại.', en: 'The update failed; the desk keeps its current version.' });
      return;
    }
    const retryable = ['update.unreachable', 'update.interrupted'].includes(e.code);
    this.set(retryable ? 'error' : 'refused', e.text);
  }
}

/** Whether scans and signatures are running, from the services that run them. */
export function mainSideActivities(scans: { busy(): boolean }, signing: { busy(): boolean }): () => Activity[] {
  return () => [...(scans.busy() ? (['scan'] as const) : []), ...(signing.busy() ? (['signing'] as const) : [])];
}

/** Browser mode keeps its downloads in the temp folder unless support staff name another. */
export function browserUpdateDir(): string {
  return process.env.DESK_UPDATE_DIR ?? join(tmpdir(), 'mot-cua-desk-updates');
}

/** The service for this running copy of the app: its platform, its package kind, its busy work. */
export function createUpdateService(options: {
  version: string;
  dir: string;
  host: ApplyHost | null;
  scans: { busy(): boolean };
  signing: { busy(): boolean };
}): UpdateService {
  return new UpdateService({
    currentVersion: options.version,
    dir: options.dir,
    host: options.host,
    target: installerTarget(process.platform, process.arch, process.env),
    busy: mainSideActivities(options.scans, options.signing),
  });
}
