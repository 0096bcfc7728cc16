// Where a scanner puts length, data, symbology and the "more follows" flag in its input
// report is data (scanner-layouts.json), not code: HID POS fixes the usages, not the byte
// positions, and OEM scanners in a vendor-defined mode each have their own.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import bundled from './scanner-layouts.json' with { type: 'json' };
import { barcodeErrors } from './errors.ts';
import { usbId } from '#main/token/hid/transport.ts';

/** The Bar Code Scanner usage page of the USB-IF HID POS Usage Tables 1.02 (checked 2026-12-07). */
export const HID_POS_USAGE_PAGE = 0x8c;

const offset = z.number().int().min(0).max(1023);

const layout = z
  .object({
    name: z.string().min(1),
    vendorId: usbId.optional(),
    productId: usbId.optional(),
    usagePage: usbId.optional(),
    reportId: usbId.pipe(z.number().max(0xff)),
    reportSize: z.number().int().min(2).max(1024),
    lengthOffset: offset,
    dataOffset: offset,
    dataCapacity: z.number().int().min(1).max(1024),
    symbologyOffset: offset.optional(),
    symbologyLength: z.number().int().min(1).max(4).optional(),
    continuedOffset: offset,
    continuedMask: z.number().int().min(1).max(0xff),
    confirmed: z.boolean(),
    source: z.string().min(1),
  })
  .refine((l) => l.vendorId !== undefined || l.usagePage !== undefined, {
    message: 'each layout needs a vendorId or a usagePage, or it would claim every HID device',
  })
  .refine((l) => l.dataOffset + l.dataCapacity <= l.reportSize && l.lengthOffset < l.reportSize && l.continuedOffset < l.reportSize, {
    message: 'length, data and flag must lie inside reportSize',
  })
  .refine((l) => l.symbologyOffset === undefined || l.symbologyOffset + (l.symbologyLength ?? 1) <= l.reportSize, {
    message: 'the symbology identifier must lie inside reportSize',
  });

const layoutFile = z.object({ layouts: z.array(layout).min(1) });

export type ReportLayout = z.infer<typeof layout>;

export function parseLayouts(json: unknown): ReportLayout[] {
  const parsed = layoutFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw barcodeErrors.badLayouts(`${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.layouts;
}

export const defaultLayouts: readonly ReportLayout[] = parseLayouts(bundled);

/** An administrator's replacement for the bundled file. */
export async function loadLayoutsFile(path: string): Promise<ReportLayout[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw barcodeErrors.badLayouts(`cannot read ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw barcodeErrors.badLayouts('not JSON');
  }
  return parseLayouts(json);
}

/** The file an administrator puts in main's data folder to replace the bundled layouts. */
export const LAYOUTS_FILE_NAME = 'scanner-layouts.json';

/**
 * The administrator's layouts from main's data folder (where the renderer cannot write), else
 * the bundled ones. A damaged file is reported and set aside: the desk keeps reading scanners.
 */
export async function layoutsInDataDir(dir: string, onBadFile: (code: string) => void): Promise<readonly ReportLayout[]> {
  const path = join(dir, LAYOUTS_FILE_NAME);
  try {
    await readFile(path);
  } catch {
    return defaultLayouts;
  }
  try {
    return await loadLayoutsFile(path);
  } catch (e) {
    onBadFile(e instanceof Error && 'code' in e ? String(e.code) : 'barcode.bad-layouts');
    return defaultLayouts;
  }
}

export interface HidIds {
  vendorId: number;
  productId: number;
  usagePage?: number;
}

/** The first layout whose every given id equals the interface's; null: not a barcode scanner we can read. */
export function layoutFor(device: HidIds, layouts: readonly ReportLayout[]): ReportLayout | null {
  return (
    layouts.find(
      (l) =>
        (l.vendorId === undefined || l.vendorId === device.vendorId) &&
        (l.productId === undefined || l.productId === device.productId) &&
        (l.usagePage === undefined || l.usagePage === device.usagePage),
    ) ?? null
  );
}
