// Which HID interfaces count as signing tokens is data an administrator edits
// (known-devices.json), not code: vendors, product ids and usage pages change.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import bundled from './known-devices.json' with { type: 'json' };
import { tokenErrors } from './errors.ts';
import { usbId, type HidDeviceInfo } from './transport.ts';

const knownDevice = z
  .object({
    name: z.string().min(1),
    vendorId: usbId.optional(),
    productId: usbId.optional(),
    usagePage: usbId.optional(),
    confirmed: z.boolean(),
    note: z.string().optional(),
  })
  .refine((d) => d.vendorId !== undefined || d.usagePage !== undefined, {
    message: 'each entry needs a vendorId or a usagePage, or it would match every HID device',
  });

const knownDeviceList = z.object({ devices: z.array(knownDevice) });

export type KnownDevice = z.infer<typeof knownDevice>;

export interface TokenDevice {
  device: HidDeviceInfo;
  known: KnownDevice;
}

export function parseKnownDevices(json: unknown): KnownDevice[] {
  const parsed = knownDeviceList.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw tokenErrors.knownDevices(issue ? `${issue.path.join('.')}: ${issue.message}` : 'unreadable');
  }
  return parsed.data.devices;
}

export const defaultKnownDevices: readonly KnownDevice[] = parseKnownDevices(bundled);

export async function loadKnownDevicesFile(path: string): Promise<KnownDevice[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw tokenErrors.knownDevices(e instanceof Error ? e.message : String(e));
  }
  return parseKnownDevices(json);
}

export function matchKnownDevice(device: HidDeviceInfo, known: readonly KnownDevice[]): KnownDevice | undefined {
  return known.find(
    (k) =>
      (k.vendorId === undefined || k.vendorId === device.vendorId) &&
      (k.productId === undefined || k.productId === device.productId) &&
      (k.usagePage === undefined || k.usagePage === device.usagePage),
  );
}

export function tokenDevices(devices: readonly HidDeviceInfo[], known: readonly KnownDevice[]): TokenDevice[] {
  const found: TokenDevice[] = [];
  for (const device of devices) {
    const match = matchKnownDevice(device, known);
    if (match) found.push({ device, known: match });
  }
  return found;
}
