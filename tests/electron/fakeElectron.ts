// A recording stand-in for the `electron` module, so the built shell and preload can run
// under plain Node. It keeps Electron's ordering rules that matter to the shell (privileged
// schemes only before ready; protocol, sessions and windows only after), records every call,
// and lets a test play Chromium's part: fire events, send requests, invoke over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import type { BrowserWindowConstructorOptions, CustomScheme, HandlerDetails, WebRequestFilter } from 'electron';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Listener = (...args: any[]) => unknown;

export interface Call {
  api: string;
  args: unknown[];
}

/** What a listener's `event` argument offers: enough for preventDefault-style handlers. */
export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(): FakeEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.listeners.set(
        event,
        (this.listeners.get(event) ?? []).filter((l) => l !== wrapped),
      );
      return listener(...args);
    };
    return this.on(event, wrapped);
  }
  emit(event: string, ...args: unknown[]): number {
    const current = this.listeners.get(event) ?? [];
    for (const listener of current) listener(...args);
    return current.length;
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** What the test answers for the system's printers and its spooler. */
export interface FakePrinting {
  printers: Array<{ name: string; displayName: string; description: string; options: Record<string, string> }>;
  /** The spooler's answer to the next jobs. */
  answer: { success: boolean; failureReason: string };
  /** Every job webContents.print was given: its options and the bytes of the file the window had loaded. */
  jobs: Array<{ options: unknown; file: string | undefined; bytes: Buffer | undefined }>;
}

/** A webContents as the `web-contents-created` handlers see it. */
export class FakeWebContents extends Emitter {
  /** The file its window loaded (loadFile), read when it was loaded. */
  loaded: { file: string; bytes: Buffer } | undefined;
  constructor(private readonly printing?: FakePrinting) {
    super();
  }
  getPrintersAsync(): Promise<FakePrinting['printers']> {
    return Promise.resolve([...(this.printing?.printers ?? [])]);
  }
  print(options: unknown, callback: (success: boolean, failureReason: string) => void): void {
    this.printing?.jobs.push({ options, file: this.loaded?.file, bytes: this.loaded?.bytes });
    const { success, failureReason } = this.printing?.answer ?? { success: false, failureReason: 'no printing' };
    queueMicrotask(() => callback(success, failureReason));
  }
  windowOpenHandler: ((details: HandlerDetails) => unknown) | undefined;
  setWindowOpenHandler(handler: (details: HandlerDetails) => unknown): void {
    this.windowOpenHandler = handler;
  }
}

const UTILITY_CHILD_PRELOAD = fileURLToPath(new URL('./fakeUtilityChild.cjs', import.meta.url));

/**
 * Electron's UtilityProcess over node:child_process: a real child process, messages
 * structured-cloned both ways, process.parentPort inside it (fakeUtilityChild.cjs), and
 * Electron's exit codes (a signal as its number; 0 after our own kill()).
 */
export class FakeUtilityProcess extends Emitter {
  pid: number | undefined;
  private killed = false;
  private readonly child: ChildProcess;

  constructor(
    readonly modulePath: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; stdio?: 'inherit' | 'ignore' | 'pipe' },
  ) {
    super();
    const output = options.stdio === 'ignore' ? 'ignore' : 'inherit';
    this.child = fork(modulePath, args, {
      execArgv: ['--require', UTILITY_CHILD_PRELOAD],
      serialization: 'advanced',
      env: options.env ?? process.env,
      stdio: ['ignore', output, output, 'ipc'],
    });
    // A child left behind by a failing test must not keep the test run from ending.
    this.child.unref();
    this.child.channel?.unref();
    this.child.on('spawn', () => {
      this.pid = this.child.pid;
      this.emit('spawn');
    });
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('exit', (code, signal) => {
      this.pid = undefined;
      this.emit('exit', signal ? (this.killed ? 0 : constants.signals[signal]) : (code ?? 0));
    });
  }

  postMessage(message: unknown): void {
    if (this.child.connected) this.child.send(message as never);
  }

  /** SIGTERM, then SIGKILL two seconds later if the process is still there (base::EnsureProcessTerminated). */
  kill(): boolean {
    if (this.pid === undefined) return false;
    this.killed = true;
    this.child.kill('SIGTERM');
    const child = this.child;
    setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 2_000).unref();
    return true;
  }
}

export interface BeforeRequestRegistration {
  filter: WebRequestFilter | undefined;
  listener: (details: { url: string }, callback: (response: { cancel?: boolean; redirectURL?: string }) => void) => void;
}

export interface IpcEvent {
  senderFrame: { url: string } | null;
}

export interface FakeElectronOptions {
  /** What app.getAppPath() answers; the shell finds dist/renderer and dist/preload under it. */
  appPath: string;
  singleInstanceLock?: boolean;
  version?: string;
  /** The URL of the frame ipcRenderer.invoke appears to come from. */
  rendererUrl?: string;
  /** safeStorage's backend: a real OS keystore (default), Linux's fixed-key fallback, or none. */
  keystore?: 'os' | 'basic_text' | 'none';
  /** What app.exit(code) does besides being recorded: Electron ends the process there. */
  onExit?: (code: number) => void;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

export type FakeElectron = ReturnType<typeof createFakeElectron>;

export function createFakeElectron(options: FakeElectronOptions) {
  const calls: Call[] = [];
  const record = (api: string, args: unknown[]) => calls.push({ api, args });
  let ready = false;
  let resolveReady!: () => void;
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));

  const requireReady = (api: string) => {
    if (!ready) throw new Error(`fake electron: ${api} used before the app is ready`);
  };

  const state = {
    options,
    calls,
    privilegedSchemes: [] as CustomScheme[][],
    protocolHandlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
    app: new Emitter(),
    quitCount: 0,
    /** What app.relaunch was given, in order. */
    relaunches: [] as unknown[],
    windows: [] as FakeBrowserWindow[],
    ipcHandlers: new Map<string, (event: IpcEvent, ...args: unknown[]) => unknown>(),
    permissionRequestHandler: undefined as Listener | undefined,
    permissionCheckHandler: undefined as Listener | undefined,
    beforeRequest: [] as BeforeRequestRegistration[],
    /** file: URLs the shell asked net.fetch for. */
    fetched: [] as string[],
    exposed: new Map<string, unknown>(),
    /** Every process utilityProcess.fork started, in order. */
    utilityProcesses: [] as FakeUtilityProcess[],
    invocations: [] as { channel: string; args: unknown[] }[],
    rendererUrl: options.rendererUrl ?? 'app://desk/index.html',
    /** Native dialogs main opened: the parent window (if any) and the options, in order. */
    dialogs: [] as { api: 'showOpenDialog' | 'showMessageBox'; parent: unknown; options: Record<string, unknown> }[],
    /** What the person answers in the next dialogs: the test plays the administrator. */
    dialogAnswers: { open: { canceled: true, filePaths: [] as string[] } as { canceled: boolean; filePaths: string[] }, response: 0 },
    /** The system's printers and spooler, as the test sets them. */
    printing: { printers: [], answer: { success: true, failureReason: '' }, jobs: [] } as FakePrinting,
    /** Windows destroyed, in order. */
    destroyed: [] as FakeBrowserWindow[],
  };

  class FakeBrowserWindow extends Emitter {
    static getAllWindows(): FakeBrowserWindow[] {
      record('BrowserWindow.getAllWindows', []);
      return [...state.windows];
    }
    readonly options: BrowserWindowConstructorOptions;
    readonly loadedUrls: string[] = [];
    readonly webContents = new FakeWebContents(state.printing);
    shown = 0;
    focused = 0;
    constructor(windowOptions: BrowserWindowConstructorOptions) {
      super();
      record('new BrowserWindow', [windowOptions]);
      requireReady('new BrowserWindow');
      this.options = windowOptions;
      state.windows.push(this);
      // Electron creates the window's webContents, which fires web-contents-created.
      state.app.emit('web-contents-created', fakeEvent(), this.webContents);
    }
    loadURL(url: string): Promise<void> {
      record('BrowserWindow.loadURL', [url]);
      this.loadedUrls.push(url);
      return Promise.resolve();
    }
    loadFile(path: string): Promise<void> {
      record('BrowserWindow.loadFile', [path]);
      this.loadedUrls.push(`file://${path}`);
      this.webContents.loaded = { file: path, bytes: readFileSync(path) };
      return Promise.resolve();
    }
    destroy(): void {
      record('BrowserWindow.destroy', []);
      state.windows = state.windows.filter((w) => w !== this);
      state.destroyed.push(this);
    }
    show(): void {
      record('BrowserWindow.show', []);
      this.shown++;
    }
    focus(): void {
      record('BrowserWindow.focus', []);
      this.focused++;
    }
  }

  const app = {
    on(event: string, listener: Listener) {
      record('app.on', [event, listener]);
      state.app.on(event, listener);
      return app;
    },
    once(event: string, listener: Listener) {
      record('app.once', [event, listener]);
      state.app.once(event, listener);
      return app;
    },
    whenReady(): Promise<void> {
      record('app.whenReady', []);
      return readyPromise;
    },
    isReady: () => ready,
    requestSingleInstanceLock(): boolean {
      record('app.requestSingleInstanceLock', []);
      return options.singleInstanceLock ?? true;
    },
    quit(): void {
      record('app.quit', []);
      state.quitCount++;
    },
    exit(code = 0): void {
      record('app.exit', [code]);
      options.onExit?.(code);
    },
    getAppPath(): string {
      record('app.getAppPath', []);
      return options.appPath;
    },
    getVersion(): string {
      record('app.getVersion', []);
      return options.version ?? '0.0.0-fake';
    },
    /** userData and the other named folders, under the stand-in app directory. */
    getPath(name: string): string {
      record('app.getPath', [name]);
      return join(options.appPath, 'paths', name);
    },
    relaunch(relaunchOptions?: unknown): void {
      record('app.relaunch', [relaunchOptions]);
      state.relaunches.push(relaunchOptions);
    },
  };

  const protocol = {
    registerSchemesAsPrivileged(schemes: CustomScheme[]) {
      record('protocol.registerSchemesAsPrivileged', [schemes]);
      if (ready) throw new Error('fake electron: registerSchemesAsPrivileged must be called before the app is ready');
      state.privilegedSchemes.push(schemes);
    },
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
      record('protocol.handle', [scheme, handler]);
      requireReady('protocol.handle');
      state.protocolHandlers.set(scheme, handler);
    },
  };

  const defaultSession = {
    setPermissionRequestHandler(handler: Listener) {
      record('session.setPermissionRequestHandler', [handler]);
      state.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: Listener) {
      record('session.setPermissionCheckHandler', [handler]);
      state.permissionCheckHandler = handler;
    },
    webRequest: {
      onBeforeRequest(filterOrListener: WebRequestFilter | BeforeRequestRegistration['listener'], maybeListener?: BeforeRequestRegistration['listener']) {
        record('session.webRequest.onBeforeRequest', [filterOrListener, maybeListener]);
        if (typeof filterOrListener === 'function') state.beforeRequest.push({ filter: undefined, listener: filterOrListener });
        else if (maybeListener) state.beforeRequest.push({ filter: filterOrListener, listener: maybeListener });
      },
    },
  };

  const session = {
    get defaultSession() {
      requireReady('session.defaultSession');
      return defaultSession;
    },
  };

  const net = {
    async fetch(url: string): Promise<Response> {
      record('net.fetch', [url]);
      state.fetched.push(url);
      if (!url.startsWith('file:')) throw new Error(`fake electron: net.fetch only serves file: URLs here, not ${url}`);
      const path = fileURLToPath(url);
      let body: Buffer;
      try {
        body = await readFile(path);
      } catch {
        // Chromium's file loader fails the fetch rather than answering 404.
        throw new TypeError('net::ERR_FILE_NOT_FOUND');
      }
      return new Response(new Uint8Array(body), {
        status: 200,
        headers: { 'content-type': MIME[extname(path)] ?? 'application/octet-stream' },
      });
    },
  };

  const ipcMain = {
    handle(channel: string, handler: (event: IpcEvent, ...args: unknown[]) => unknown) {
      record('ipcMain.handle', [channel, handler]);
      state.ipcHandlers.set(channel, handler);
    },
  };

  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown) {
      record('contextBridge.exposeInMainWorld', [key, api]);
      state.exposed.set(key, api);
    },
  };

  /** Default transport: Electron's, structured-cloned both ways, to whatever main registered. */
  let invokeResponder = async (channel: string, args: unknown[]): Promise<unknown> => {
    const handler = state.ipcHandlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    const result = await handler({ senderFrame: { url: state.rendererUrl } }, ...structuredClone(args));
    return structuredClone(result);
  };

  // Bound to this fake "computer" like DPAPI to a Windows account: another fake cannot decrypt.
  const machineKey = randomBytes(32);
  const sealMark = Buffer.from('fake-dpapi:');
  const xor = (data: Buffer) => Buffer.from(data.map((b, i) => b ^ machineKey[i % machineKey.length]!));
  const safeStorage = {
    isEncryptionAvailable: () => (options.keystore ?? 'os') !== 'none',
    getSelectedStorageBackend: () => (options.keystore === 'basic_text' ? 'basic_text' : 'gnome_libsecret'),
    encryptString(plain: string): Buffer {
      record('safeStorage.encryptString', []);
      return Buffer.concat([sealMark, xor(Buffer.from(plain, 'utf8'))]);
    },
    decryptString(sealed: Buffer): string {
      record('safeStorage.decryptString', []);
      const plain = xor(sealed.subarray(sealMark.length)).toString('utf8');
      if (!sealed.subarray(0, sealMark.length).equals(sealMark) || !/^[A-Za-z0-9+/=]*$/.test(plain))
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return plain;
    },
  };

  const utilityProcess = {
    fork(modulePath: string, args: string[] = [], forkOptions: { env?: NodeJS.ProcessEnv; stdio?: 'inherit' | 'ignore' | 'pipe' } = {}): FakeUtilityProcess {
      record('utilityProcess.fork', [modulePath, args, forkOptions]);
      requireReady('utilityProcess.fork');
      const child = new FakeUtilityProcess(modulePath, args, forkOptions);
      state.utilityProcesses.push(child);
      return child;
    },
  };

  /** dialog.showX(window, options) or dialog.showX(options), as Electron accepts both. */
  const dialogCall = (api: 'showOpenDialog' | 'showMessageBox', args: unknown[]) => {
    record(`dialog.${api}`, args);
    requireReady(`dialog.${api}`);
    const [parent, options] = args.length > 1 ? args : [undefined, args[0]];
    state.dialogs.push({ api, parent, options: options as Record<string, unknown> });
  };
  const dialog = {
    async showOpenDialog(...args: unknown[]) {
      dialogCall('showOpenDialog', args);
      return state.dialogAnswers.open;
    },
    async showMessageBox(...args: unknown[]) {
      dialogCall('showMessageBox', args);
      return { response: state.dialogAnswers.response, checkboxChecked: false };
    },
  };

  const ipcRenderer = {
    invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      record('ipcRenderer.invoke', [channel, ...args]);
      state.invocations.push({ channel, args });
      return invokeResponder(channel, args);
    },
  };

  return {
    state,
    calls,
    /** What `require('electron')` returns to the code under test. */
    module: { app, protocol, session, net, ipcMain, safeStorage, utilityProcess, dialog, BrowserWindow: FakeBrowserWindow, contextBridge, ipcRenderer },
    /** Fires app ready and lets the shell's whenReady continuation run. */
    async becomeReady(): Promise<void> {
      ready = true;
      resolveReady();
      await new Promise((resolve) => setImmediate(resolve));
    },
    setInvokeResponder(responder: (channel: string, args: unknown[]) => Promise<unknown>) {
      invokeResponder = responder;
    },
    called(api: string): Call[] {
      return calls.filter((c) => c.api === api);
    },
  };
}

/**
 * Chromium's URL match patterns (`<scheme>://<host>/<path>`, `*` wildcards, `<all_urls>`),
 * to check which requests a webRequest filter would send to its listener.
 */
export function matchesPattern(pattern: string, url: string): boolean {
  if (pattern === '<all_urls>') return /^(https?|wss?|ftp|file|data):/.test(url);
  const m = /^(\*|[a-z][a-z0-9+.-]*):\/\/([^/]*)(\/.*)$/.exec(pattern);
  if (!m) return false;
  const [, scheme, host, path] = m as unknown as [string, string, string, string];
  const u = new URL(url);
  const urlScheme = u.protocol.slice(0, -1);
  if (scheme === '*' ? !['http', 'https', 'ws', 'wss'].includes(urlScheme) : scheme !== urlScheme) return false;
  const hostPattern = host.replace(/:.*$/, '');
  if (hostPattern !== '*') {
    if (hostPattern.startsWith('*.')) {
      const base = hostPattern.slice(2);
      if (u.hostname !== base && !u.hostname.endsWith(`.${base}`)) return false;
    } else if (u.hostname !== hostPattern) return false;
  }
  const glob = new RegExp(
    `^${path
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return glob.test(u.pathname + u.search);
}
