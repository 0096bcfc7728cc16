// The Electron shell: a hardened window over the same handler table browser mode uses.
// The only main-side file that imports electron; everything it calls runs under plain Node.
import { app, BrowserWindow, dialog, ipcMain, protocol, session, net, safeStorage, utilityProcess } from 'electron';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dispatch } from './api.ts';
import { CONTENT_SECURITY_POLICY } from './csp.ts';
import { IPC_CHANNEL } from '#preload/channel.ts';
import { keystoreRefused, type OsKeystore } from './keystore.ts';
import type { ApplyHost } from './update/updateService.ts';
import type { CheckedChange } from './settings/adminSettings.ts';
import { createDialogApprover, type NativeDialogs } from './settings/approval.ts';
import { utilityProcessLauncher } from './token/pkcs11/processLauncher.ts';
import { createMainServices } from './host.ts';
import { createNodeHidTransport } from './token/hid/nodeHid.ts';
import { keepRunningOnUnhandledRejection } from './processGuard.ts';
import { createElectronPrintHost } from './print/electronPrintHost.ts';

const SCHEME = 'app';
const HOST = 'desk';
const ORIGIN = `${SCHEME}://${HOST}`;

/** Compares parsed scheme and host: a text prefix would also accept app://desk.evil or app://desk@evil. */
function isAppUrl(url: string | undefined): boolean {
  try {
    const parsed = new URL(url ?? '');
    return parsed.protocol === `${SCHEME}:` && parsed.host === HOST;
  } catch {
    return false;
  }
}

keepRunningOnUnhandledRejection();

// codeCache: V8 keeps the renderer's compiled scripts between starts, as it does for http(s),
// so a desk being switched on does not compile its sign-in code again (issue 17: first screen).
protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);

function rendererRoot(): string {
  return join(app.getAppPath(), 'dist', 'renderer');
}

function serveRenderer(): void {
  const root = rendererRoot();
  protocol.handle(SCHEME, async (request) => {
    const { host, pathname } = new URL(request.url);
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    } catch {
      return new Response(null, { status: 400 });
    }
    const file = resolve(join(root, decoded));
    if (host !== HOST || !file.startsWith(root + sep)) return new Response(null, { status: 403 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

/**
 * safeStorage: DPAPI on Windows, the Secret Service or KWallet on Linux. Linux's "basic_text"
 * fallback is a fixed key, no protection at all, so it counts as no keystore.
 */
const osKeystore: OsKeystore = {
  available: () => safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  protect: (data) => new Uint8Array(safeStorage.encryptString(Buffer.from(data).toString('base64'))),
  unprotect: (data) => {
    let plain: string;
    try {
      plain = safeStorage.decryptString(Buffer.from(data));
    } catch {
      // What DPAPI says on another computer or after the Windows account's keys changed.
      throw keystoreRefused();
    }
    return new Uint8Array(Buffer.from(plain, 'base64'));
  },
};

/** How a verified update takes over: the NSIS installer runs once the app has quit; a replaced AppImage is started anew. */
const updateHost: ApplyHost = {
  quit: () => app.quit(),
  relaunch: (execPath) => {
    app.relaunch({ execPath });
    app.quit();
  },
};

/** Settings changes are approved in native dialogs, modal to the desk's window: the renderer can neither draw nor answer them. */
const nativeDialogs: NativeDialogs = {
  showOpenDialog: (options) => {
    const window = BrowserWindow.getAllWindows()[0];
    return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
  },
  showMessageBox: (options) => {
    const window = BrowserWindow.getAllWindows()[0];
    return window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);
  },
};

/**
 * Forms print from a hidden window that shows only the PDF main rendered: no preload, sandboxed,
 * in the locked-down default session; the PDF viewer plugin is what prints it.
 */
function printWindow(): BrowserWindow {
  return new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      plugins: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

function lockDownSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_d, callback) =>
    callback({ cancel: true }),
  );
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    show: false,
    title: 'Một Cửa Desk',
    webPreferences: {
      preload: join(app.getAppPath(), 'dist', 'preload', 'electron.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${ORIGIN}/index.html`);
}

/**
 * `mot-cua-desk --cli COMMAND …`, what the installed `desk` and `desk.cmd` run (resources/bin/):
 * the support CLI in the app's own executable, so a commune PC needs no Node of its own. Not
 * ELECTRON_RUN_AS_NODE, which VS Code's `code` uses: the runAsNode fuse stays off
 * (electron-builder.yml), so this signed binary never becomes a general Node runtime; the switch
 * runs only the desk's own commands. No window and no single-instance lock: it works beside a
 * running desk. dist/main/cli.mjs is the bundle bin/desk.js runs in a checkout; PKCS#11 modules
 * run in utility processes there too, as in the app.
 */
async function runCli(args: string[]): Promise<void> {
  let code = 1;
  try {
    const cli = (await import(pathToFileURL(join(app.getAppPath(), 'dist', 'main', 'cli.mjs')).href)) as typeof import('./cli.ts');
    // Utility processes can be started only once the app is ready.
    await app.whenReady();
    await cli.installPkcs11Launcher(utilityProcessLauncher(utilityProcess, join(app.getAppPath(), 'dist', 'main', 'pkcs11-worker.cjs')));
    code = await cli.main(args);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
  // Exit once what was written has reached the terminal or pipe.
  process.stdout.write('', () => app.exit(code));
}

const cliAt = process.argv.indexOf('--cli');
if (cliAt > 0) {
  void runCli(process.argv.slice(cliAt + 1));
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  void app.whenReady().then(() => {
    lockDownSessions();
    serveRenderer();
    const main = createMainServices({
      info: { host: 'electron', version: app.getVersion() },
      dataDir: app.getPath('userData'),
      updateDir: join(app.getPath('userData'), 'updates'),
      applyHost: updateHost,
      approver: createDialogApprover<CheckedChange>(nativeDialogs),
      // The app's own data is never a scan folder.
      appDirs: [app.getPath('userData')],
      keystore: osKeystore,
      barcodeTransport: createNodeHidTransport(),
      printHost: createElectronPrintHost({ createWindow: printWindow }),
      // With the runAsNode fuse off this binary cannot be forked as Node: PKCS#11 modules run in utility processes.
      processLauncher: utilityProcessLauncher(utilityProcess, join(app.getAppPath(), 'dist', 'main', 'pkcs11-worker.cjs')),
      warmForms: true,
    });
    void main.updates.startedUp().catch(() => undefined);
    app.on('will-quit', () => void main.close());
    // Main's privileged settings are read before any call is answered; the window opens meanwhile.
    ipcMain.handle(IPC_CHANNEL, async (event, name: unknown, input: unknown) => {
      // Only our own renderer may call; anything else (an injected frame) is refused.
      if (!isAppUrl(event.senderFrame?.url)) return { ok: false, error: { code: 'forbidden', text: { vi: 'Bị từ chối.', en: 'Forbidden.' } } };
      return dispatch((await main.ready).handlers, String(name), input);
    });
    createWindow();
  });
  app.on('window-all-closed', () => app.quit());
}
