// Picks the client for the host the renderer runs in: Electron's preload exposes
// window.desk; in browser mode the same contract goes over HTTP.
import type { DeskApi } from '../../preload/contract.ts';
import { createWebDesk } from '../../preload/web.ts';

declare global {
  interface Window {
    desk?: DeskApi;
  }
}

export const desk: DeskApi = window.desk ?? createWebDesk();
