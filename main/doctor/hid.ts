// HID: can this account open the hidraw nodes (Linux), is the desk's udev rule installed, and
// which HID devices are there — tokens (known-devices.json), barcode scanners the desk reads over
// HID (usage page 0x8C, USB-IF "HID Point of Sale Usage Tables" 1.02, or a vendor layout of
// main/barcode/scanner-layouts.json) and the rest. Serial numbers are left out.
import { constants } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Device } from 'node-hid';
import type { DoctorCheck } from '#preload/wire/doctor.ts';
import { defaultKnownDevices, matchKnownDevice, type KnownDevice } from '../token/hid/knownDevices.ts';
import type { HidDeviceInfo } from '../token/hid/transport.ts';
import { HID_POS_USAGE_PAGE, defaultLayouts, layoutFor, type ReportLayout } from '../barcode/layouts.ts';
import { DOCTOR_LIMITS, check, reason } from './check.ts';

export interface HidAccessOptions {
  platform?: NodeJS.Platform;
  /** Where the hidraw nodes are: /dev. */
  devDir?: string;
  /** The udev rule files the deb would install; any one present counts. */
  udevRules?: readonly string[];
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

export async function checkHidAccess(options: HidAccessOptions = {}): Promise<DoctorCheck> {
  const platform = options.platform ?? process.platform;
  if (platform !== 'linux') {
    return check('hid-access', 'ok', {
      vi: 'Windows và macOS không cần cấp quyền riêng cho thiết bị HID.',
      en: 'Windows and macOS need no extra permission for HID devices.',
    });
  }
  const devDir = options.devDir ?? '/dev';
  const rules = options.udevRules ?? DOCTOR_LIMITS.udevRules;
  const nodes = (await readdir(devDir).catch(() => [] as string[])).filter((n) => /^hidraw\d+$/.test(n)).sort();
  const closed: string[] = [];
  for (const node of nodes) {
    // Read and write: a token is written to, a HID POS scanner may be sent its configuration.
    const ok = await access(join(devDir, node), constants.R_OK | constants.W_OK).then(
      () => true,
      () => false,
    );
    if (!ok) closed.push(node);
  }
  let rule: string | null = null;
  for (const file of rules) if (!rule && (await exists(file))) rule = file;
  const ruleSaid = rule
    ? { vi: `quy tắc udev: ${rule}`, en: `udev rule: ${rule}` }
    : { vi: `quy tắc udev ${rules[0]}: chưa cài`, en: `udev rule ${rules[0]}: not installed` };
  const installRule = {
    vi: `Cài gói .deb của desk (có quy tắc udev) hoặc chép quy tắc vào ${rules[0]}, chạy "sudo udevadm control --reload && sudo udevadm trigger", rồi rút và cắm lại thiết bị.`,
    en: `Install the desk's .deb (it carries the udev rule) or copy the rule to ${rules[0]}, run "sudo udevadm control --reload && sudo udevadm trigger", then unplug and replug the device.`,
  };
  if (closed.length > 0) {
    return check(
      'hid-access',
      'problem',
      {
        vi: `Tài khoản này không mở được ${closed.length}/${nodes.length} thiết bị hidraw (${closed.join(', ')}); ${ruleSaid.vi}.`,
        en: `This account cannot open ${closed.length} of ${nodes.length} hidraw devices (${closed.join(', ')}); ${ruleSaid.en}.`,
      },
      installRule,
    );
  }
  if (!rule) {
    return check(
      'hid-access',
      'warning',
      {
        vi: `Mở được ${nodes.length} thiết bị hidraw; ${ruleSaid.vi} (token hoặc máy quét cắm sau có thể không mở được).`,
        en: `${nodes.length} hidraw devices can be opened; ${ruleSaid.en} (a token or scanner plugged in later may not open).`,
      },
      installRule,
    );
  }
  return check('hid-access', 'ok', {
    vi: `Mở được ${nodes.length} thiết bị hidraw; ${ruleSaid.vi}.`,
    en: `${nodes.length} hidraw devices can be opened; ${ruleSaid.en}.`,
  });
}

export type HidKind = 'token' | 'barcode-scanner' | 'other';

export function hidKind(
  device: Pick<Device, 'vendorId' | 'productId' | 'usagePage'>,
  known: readonly KnownDevice[] = defaultKnownDevices,
  layouts: readonly ReportLayout[] = defaultLayouts,
): HidKind {
  if (device.usagePage === HID_POS_USAGE_PAGE) return 'barcode-scanner';
  const info: HidDeviceInfo = { path: '', vendorId: device.vendorId, productId: device.productId };
  if (device.usagePage !== undefined) info.usagePage = device.usagePage;
  if (matchKnownDevice(info, known)) return 'token';
  return layoutFor(info, layouts) ? 'barcode-scanner' : 'other';
}

async function nodeHidDevices(): Promise<Device[]> {
  return (await import('node-hid')).devicesAsync();
}

export interface HidDevicesOptions {
  /** node-hid's device list by default; tests pass the devices an emulator shows. */
  devices?: () => Promise<Device[]>;
  known?: readonly KnownDevice[];
  layouts?: readonly ReportLayout[];
}

export async function checkHidDevices(options: HidDevicesOptions = {}): Promise<DoctorCheck> {
  let devices: Device[];
  try {
    devices = await (options.devices ?? nodeHidDevices)();
  } catch (e) {
    const why = reason(e);
    return check(
      'hid-devices',
      'problem',
      { vi: `Không đọc được danh sách thiết bị HID (${why.vi}).`, en: `Cannot list HID devices (${why.en}).` },
      {
        vi: 'Cài lại desk (thư viện node-hid đi kèm bị thiếu hoặc hỏng).',
        en: 'Reinstall the desk (its bundled node-hid library is missing or damaged).',
      },
    );
  }
  // One physical device shows one entry per interface/collection; count each collection once by path.
  const seen = new Map<string, HidKind>();
  const scanners = new Set<string>();
  for (const d of devices) {
    const kind = hidKind(d, options.known, options.layouts);
    seen.set(d.path ?? `${d.vendorId}:${d.productId}:${d.usagePage}`, kind);
    if (kind === 'barcode-scanner') {
      const name = [d.manufacturer, d.product].filter(Boolean).join(' ') || `${hex(d.vendorId)}:${hex(d.productId)}`;
      scanners.add(`${name}: ${d.usagePage === HID_POS_USAGE_PAGE ? 'HID POS' : 'vendor layout'}`);
    }
  }
  const count = (k: HidKind) => [...seen.values()].filter((v) => v === k).length;
  const said = {
    vi: `Thiết bị HID: ${count('token')} token, ${count('barcode-scanner')} máy quét mã vạch đọc qua HID, ${count('other')} loại khác`,
    en: `HID devices: ${count('token')} token, ${count('barcode-scanner')} barcode scanner read over HID, ${count('other')} other`,
  };
  if (scanners.size === 0) {
    return check(
      'hid-devices',
      'warning',
      {
        vi: `${said.vi}. Không có máy quét đọc qua HID: máy quét (nếu có) đang gõ như bàn phím.`,
        en: `${said.en}. No scanner read over HID: a scanner, if any, types like a keyboard.`,
      },
      {
        vi: 'Chuyển máy quét sang chế độ USB HID POS bằng mã cấu hình của hãng (Cài đặt → Thiết bị), rồi rút và cắm lại.',
        en: "Switch the scanner to USB HID POS mode with the vendor's programming barcode (Settings → Devices), then unplug and replug it.",
      },
    );
  }
  const names = [...scanners].join(', ');
  return check('hid-devices', 'ok', { vi: `${said.vi} (${names}).`, en: `${said.en} (${names}).` });
}

function hex(n: number): string {
  return n.toString(16).padStart(4, '0');
}
