// How the process that owns one PKCS#11 module is started, per host: node:child_process
// under Node (tests, development, browser mode, the desk CLI) and Electron's
// utilityProcess in the desktop app, whose runAsNode fuse is off so its binary cannot be
// forked as Node (main/electron.ts passes it in). Why a process and not a thread:
// README.md, "A process per module".
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FromChild, ToChild } from './protocol.ts';

export interface ProcessEvents {
  message(message: FromChild): void;
  /** The process ended or cannot be reached; `reason` ("exit 3", "signal SIGABRT") is for the administrator. */
  exit(reason: string): void;
}

export interface Pkcs11Process {
  /** Throws when the process can no longer be reached. */
  send(message: ToChild): void;
  /** Ends the process whatever it is doing: SIGTERM, then SIGKILL if it is still there a moment later. */
  stop(): void;
}

export type ProcessLauncher = (events: ProcessEvents) => Pkcs11Process;

const KILL_AFTER_MS = 1_000;

/**
 * The child's code. In the esbuild bundle import.meta.url is dist/main/electron.cjs and
 * the child is its own bundle beside it, dist/main/pkcs11-worker.cjs (scripts/build.mjs).
 * Under tsx (tests, development, browser mode, the CLI) this file is .ts: the child runs
 * pkcs11Worker.ts through tsx's loader, named by path because the desk CLI registers tsx
 * in-process and so has no --import flag of its own to pass on.
 */
function childEntry(): { script: string; execArgv: string[] } {
  if (!import.meta.url.endsWith('.ts')) return { script: fileURLToPath(new URL('./pkcs11-worker.cjs', import.meta.url)), execArgv: [] };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { script: fileURLToPath(new URL('./pkcs11Worker.ts', import.meta.url)), execArgv: ['--import', tsx] };
}

/** node:child_process.fork of the running Node binary. */
export const nodeLauncher: ProcessLauncher = (events) => {
  const { script, execArgv } = childEntry();
  // The environment is the desk's own (SOFTHSM2_CONF, vendor logging switches); nothing
  // secret is added to it or to the command line: the PIN travels in one IPC message.
  const child = fork(script, [], {
    execArgv,
    // Structured clone, so Uint8Arrays (certificates, digests, signatures) cross as they are.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited = false;
  child.on('message', (message) => events.message(message as FromChild));
  child.on('exit', (code, signal) => {
    exited = true;
    events.exit(signal ? `signal ${signal}` : `exit ${code}`);
  });
  // A failed spawn, or a channel that broke: either way the process is of no more use.
  child.on('error', (e) => events.exit(e.message));
  // An idle module process must not keep the desk (or a test run) from exiting; a call
  // in flight keeps the desk alive with its timer.
  child.unref();
  child.channel?.unref();
  return {
    send(message) {
      if (!child.connected) throw new Error('the module process is gone');
      child.send(message);
    },
    stop() {
      if (exited) return;
      child.kill('SIGTERM');
      // A vendor library may catch SIGTERM; nothing catches SIGKILL.
      setTimeout(() => exited || child.kill('SIGKILL'), KILL_AFTER_MS).unref();
    },
  };
};

/** What the launcher needs of Electron's utilityProcess (main/electron.ts passes the real one). */
export interface UtilityProcessApi {
  fork(
    modulePath: string,
    args?: string[],
    options?: { serviceName?: string; stdio?: 'inherit' | 'ignore'; allowLoadingUnsignedLibraries?: boolean },
  ): UtilityChild;
}

export interface UtilityChild {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

/**
 * Electron's utility process: a Node environment Chromium starts from the app's own
 * binary, so it works with the runAsNode fuse off, and it reads `script` from app.asar.
 */
export function utilityProcessLauncher(utilityProcess: UtilityProcessApi, script: string): ProcessLauncher {
  return (events) => {
    const child = utilityProcess.fork(script, [], {
      serviceName: 'PKCS#11 module',
      stdio: 'inherit',
      // macOS: vendor libraries are signed by their vendor, not by us; the plugin helper
      // may load them (it needs the disable-library-validation entitlement when signed).
      allowLoadingUnsignedLibraries: true,
    });
    let spawned = false;
    let exited = false;
    let stopping = false;
    child.on('spawn', () => {
      spawned = true;
      // stop() came before the process existed: kill() could not reach it then.
      if (stopping) child.kill();
    });
    child.on('message', (message) => events.message(message as FromChild));
    child.on('exit', (code) => {
      exited = true;
      events.exit(`exit ${code}`);
    });
    return {
      send(message) {
        if (exited) throw new Error('the module process is gone');
        child.postMessage(message);
      },
      stop() {
        stopping = true;
        // Electron's kill() sends SIGTERM, then SIGKILL if the process has not gone within
        // two seconds (base::EnsureProcessTerminated), and reaps it; on Windows it terminates at once.
        if (spawned && !exited) child.kill();
      },
    };
  };
}
