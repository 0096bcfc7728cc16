// The real transport, through node-hid's asynchronous API so reads never block the
// event loop. Deliberately thin: it cannot be exercised against hardware in CI, so
// it only maps shapes and errors; the protocol lives in framing.ts.
import type { Device, HIDAsync } from 'node-hid';
import { isDeskError } from '#domain/errors.ts';
import { tokenErrors } from './errors.ts';
import { HID_REPORT_SIZE, type HidConnection, type HidDeviceInfo, type HidTransport } from './transport.ts';

/** The parts of node-hid used here; tests pass fakes. */
export interface NodeHidApi {
  devicesAsync(): Promise<Device[]>;
  open(path: string): Promise<Pick<HIDAsync, 'write' | 'read' | 'close'>>;
}

async function loadNodeHid(): Promise<NodeHidApi> {
  const hid = await import('node-hid');
  return { devicesAsync: () => hid.devicesAsync(), open: (path) => hid.HIDAsync.open(path) };
}

export function toDeviceInfo(device: Device): HidDeviceInfo | null {
  if (!device.path) return null;
  const info: HidDeviceInfo = { path: device.path, vendorId: device.vendorId, productId: device.productId };
  if (device.usagePage !== undefined) info.usagePage = device.usagePage;
  if (device.usage !== undefined) info.usage = device.usage;
  if (device.manufacturer) info.manufacturer = device.manufacturer;
  if (device.product) info.product = device.product;
  if (device.serialNumber) info.serialNumber = device.serialNumber;
  return info;
}

class NodeHidConnection implements HidConnection {
  private gone = false;

  constructor(private readonly device: Pick<HIDAsync, 'write' | 'read' | 'close'>) {}

  async write(report: Uint8Array): Promise<void> {
    // hidapi wants the report id first; FIDO-style interfaces use unnumbered reports (id 0).
    const out = Buffer.alloc(HID_REPORT_SIZE + 1);
    out.set(report.subarray(0, HID_REPORT_SIZE), 1);
    await this.guard(() => this.device.write(out));
  }

  async read(timeoutMs: number): Promise<Uint8Array | null> {
    const data = await this.guard(() => this.device.read(Math.max(1, Math.ceil(timeoutMs))));
    // hid_read_timeout returns 0 bytes when nothing arrived in time.
    return data && data.length > 0 ? new Uint8Array(data) : null;
  }

  async close(): Promise<void> {
    try {
      await this.device.close();
    } catch {
      // Closing an unplugged device fails; there is nothing left to release.
    }
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    if (this.gone) throw tokenErrors.deviceGone();
    try {
      return await operation();
    } catch (e) {
      if (isDeskError(e)) throw e;
      // hidapi reports an unplugged device as a failed read or write, with no reliable code.
      this.gone = true;
      throw tokenErrors.deviceGone();
    }
  }
}

export function createNodeHidTransport(api?: NodeHidApi): HidTransport {
  let loaded: Promise<NodeHidApi> | undefined = api ? Promise.resolve(api) : undefined;
  const nodeHid = () => (loaded ??= loadNodeHid());
  return {
    async enumerate() {
      const devices = await (await nodeHid()).devicesAsync();
      return devices.map(toDeviceInfo).filter((d): d is HidDeviceInfo => d !== null);
    },
    async open(path) {
      try {
        return new NodeHidConnection(await (await nodeHid()).open(path));
      } catch {
        throw tokenErrors.cannotOpen();
      }
    },
  };
}
