// The host side of an emulated HID device's input reports: what hidraw or the Windows HID driver
// buffers between the device and a blocking read. The token and barcode-scanner emulators share
// it so both behave like node-hid's read(timeout) — one read at a time, null on timeout.
import { tokenErrors } from './errors.ts';

export class EmulatedInputReports {
  private readonly queue: Uint8Array[] = [];
  private waiter: { resolve: (r: Uint8Array | null) => void; reject: (e: unknown) => void; timer: ReturnType<typeof setTimeout> } | null = null;
  /** The device was unplugged: reads fail once the buffer is drained (or at once, per connection). */
  gone = false;
  /** This end closed the connection: nothing more is buffered. */
  closed = false;

  /** The oldest buffered report, if any, without waiting. */
  shift(): Uint8Array | undefined {
    return this.queue.shift();
  }

  /** Waits for the next report; resolves null after timeoutMs, as node-hid does. */
  wait(timeoutMs: number): Promise<Uint8Array | null> {
    if (this.waiter) return Promise.reject(new Error('one read at a time'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(null);
      }, timeoutMs);
      this.waiter = { resolve, reject, timer };
    });
  }

  /** A report from the device: to the waiting read, else into the buffer (copied: the sender may reuse its array). */
  push(report: Uint8Array): void {
    if (this.closed) return;
    if (!this.waiter) {
      this.queue.push(report.slice());
      return;
    }
    const { resolve } = this.take();
    resolve(report.slice());
  }

  /** The connection closed: a waiting read ends with nothing. */
  close(): void {
    this.closed = true;
    if (this.waiter) this.take().resolve(null);
  }

  /** The device went away: a waiting read fails as a real unplug does. */
  fail(): void {
    this.gone = true;
    if (this.waiter) this.take().reject(tokenErrors.deviceGone());
  }

  private take(): NonNullable<EmulatedInputReports['waiter']> {
    const waiter = this.waiter!;
    clearTimeout(waiter.timer);
    this.waiter = null;
    return waiter;
  }
}
