// Scans from barcode scanners main reads over HID (main/barcode/), collected with the
// barcode.next long poll while some screen listens, and handed to that screen. Nothing is
// typed anywhere: whatever has focus, a password box included, keeps its value. Old scans
// are never replayed: listening starts after the newest scan main has.
import { useEffect, useRef } from 'react';
import { DeskError } from '#domain/errors.ts';
import { desk } from '#renderer/app/host.ts';
import { routeScan, scanErrors, type ScanRoute } from './scanRoute.ts';

type Listener = (route: ScanRoute) => void;

const listeners = new Set<Listener>();
let polling = false;
/** A search a screen handed to the register (a receipt scanned at reception), taken once by the register. */
let pendingRegisterSearch: string | null = null;
const registerRequests = new Set<() => void>();

const WAIT_MS = 20_000;
const RETRY_MS = 2_000;

function deliver(route: ScanRoute): void {
  // A modal dialog (the lock screen, the guide) makes the screen behind it inert: nothing is filled unseen.
  const blocked = route.kind !== 'refused' && document.querySelector('[aria-modal="true"]') !== null;
  const given: ScanRoute = blocked ? { kind: 'refused', error: scanErrors.behindDialog() } : route;
  for (const listener of listeners) listener(given);
}

async function poll(): Promise<void> {
  polling = true;
  try {
    let after = (await desk['barcode.next']({ after: 0, waitMs: 0 })).last;
    while (listeners.size > 0) {
      try {
        const batch = await desk['barcode.next']({ after, waitMs: WAIT_MS });
        for (const event of batch.events) {
          deliver(event.ok ? routeScan(event.text) : { kind: 'refused', error: new DeskError(event.code, event.message) });
        }
        after = Math.max(after, batch.last);
      } catch {
        // Main restarting or the browser host gone for a moment: try again, not in a tight loop.
        await new Promise((resolve) => window.setTimeout(resolve, RETRY_MS));
      }
    }
  } catch {
    // A main without barcode.* (an older host): there is nothing to listen to.
  } finally {
    polling = false;
  }
}

/** Calls onScan with each HID scan while enabled; the screen decides what a scan does there. */
export function useHidScans(onScan: Listener, enabled: boolean): void {
  const callback = useRef(onScan);
  callback.current = onScan;
  useEffect(() => {
    if (!enabled) return;
    const listener: Listener = (route) => callback.current(route);
    listeners.add(listener);
    if (!polling) void poll();
    return () => void listeners.delete(listener);
  }, [enabled]);
}

/** Opens the register searching for `text` (the app switches screens; the register takes it once). */
export function requestRegisterSearch(text: string): void {
  pendingRegisterSearch = text;
  for (const request of registerRequests) request();
}

export function takeRegisterSearch(): string | null {
  const text = pendingRegisterSearch;
  pendingRegisterSearch = null;
  return text;
}

/** The app's side of requestRegisterSearch: switch to the register. */
export function useRegisterRequests(open: () => void): void {
  const callback = useRef(open);
  callback.current = open;
  useEffect(() => {
    const request = () => callback.current();
    registerRequests.add(request);
    return () => void registerRequests.delete(request);
  }, []);
}
