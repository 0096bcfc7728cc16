// Picks the client for the host the renderer runs in: Electron's preload exposes `desk` on
// the page's global object (window.desk); in browser mode the same contract goes over HTTP.
// Read through globalThis, so that Node tests can provide it without faking a `window`
// (libraries such as PKI.js change behaviour when they see one).
import type { DeskApi } from '#preload/contract.ts';
import { createWebDesk } from '#preload/web.ts';

const exposed = (globalThis as { desk?: DeskApi }).desk;

export const desk: DeskApi = exposed ?? createWebDesk();
