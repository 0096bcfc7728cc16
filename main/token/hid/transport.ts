// The lowest layer: raw 64-byte HID reports to and from one device. Everything above
// (framing, card client, signer) talks to these interfaces only, so the emulator can
// stand in for node-hid without any other code knowing.
import { z } from 'zod';

/** Report payload size of FIDO-style HID interfaces, report id excluded. */
export const HID_REPORT_SIZE = 64;

/** A USB vendor, product or usage-page id as data files write it: a number or "0x08e6". */
export const usbId = z
  .union([
    z.number().int(),
    z
      .string()
      .regex(/^0x[0-9a-f]{1,4}$/i)
      .transform((s) => Number.parseInt(s, 16)),
  ])
  .pipe(z.number().int().min(0).max(0xffff));

export interface HidDeviceInfo {
  /** Opaque, platform-specific; the only way to open this very interface. */
  path: string;
  vendorId: number;
  productId: number;
  usagePage?: number;
  usage?: number;
  manufacturer?: string;
  product?: string;
  serialNumber?: string;
}

export interface HidConnection {
  /** Sends one report of HID_REPORT_SIZE bytes (without report id). */
  write(report: Uint8Array): Promise<void>;
  /** Next input report, or null if none arrived within timeoutMs. Throws token.device-gone once unplugged. */
  read(timeoutMs: number): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

export interface HidTransport {
  /** Every HID interface present; filtering to tokens is knownDevices' job. */
  enumerate(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidConnection>;
}
