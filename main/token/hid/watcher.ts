// node-hid has no plug/unplug events, so the watcher polls enumeration and reports
// the difference. Enumeration and the clock are injected so tests need no hardware
// and no real waiting.
import { tokenDevices, type KnownDevice, type TokenDevice } from './knownDevices.ts';
import type { HidDeviceInfo } from './transport.ts';

export interface Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A watcher alone must not keep the CLI process alive.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface TokenEvent {
  type: 'attach' | 'detach';
  token: TokenDevice;
}

export interface WatcherOptions {
  enumerate: () => Promise<HidDeviceInfo[]>;
  known: readonly KnownDevice[];
  intervalMs?: number;
  clock?: Clock;
  /** Enumeration failures are reported, and polling goes on: a hub reset is not the end. */
  onError?: (error: unknown) => void;
}

export class TokenWatcher {
  private readonly present = new Map<string, TokenDevice>();
  private readonly listeners = new Set<(event: TokenEvent) => void>();
  private timer: unknown = null;
  private running = false;
  private readonly clock: Clock;

  constructor(private readonly options: WatcherOptions) {
    this.clock = options.clock ?? systemClock;
  }

  onChange(listener: (event: TokenEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  current(): TokenDevice[] {
    return [...this.present.values()];
  }

  /** The first poll reports every token already present as attached. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  async poll(): Promise<TokenEvent[]> {
    const found = tokenDevices(await this.options.enumerate(), this.options.known);
    const seen = new Set<string>();
    const events: TokenEvent[] = [];
    for (const token of found) {
      seen.add(token.device.path);
      if (!this.present.has(token.device.path)) {
        this.present.set(token.device.path, token);
        events.push({ type: 'attach', token });
      }
    }
    for (const [path, token] of this.present) {
      if (!seen.has(path)) {
        this.present.delete(path);
        events.push({ type: 'detach', token });
      }
    }
    for (const event of events) for (const listener of this.listeners) listener(event);
    return events;
  }

  private async tick(): Promise<void> {
    try {
      await this.poll();
    } catch (e) {
      this.options.onError?.(e);
    }
    // Scheduled after the poll finishes, so a slow enumeration never overlaps the next.
    if (this.running) this.timer = this.clock.setTimeout(() => void this.tick(), this.options.intervalMs ?? 1000);
  }
}
