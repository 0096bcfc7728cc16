// Browser-host client: the contract over same-origin HTTP. The session cookie set by
// main/web.ts authenticates; the browser adds the Origin header main checks.
import { createDeskApi, type DeskApi } from './contract.ts';
import { decodeWire, encodeWire, unwrap, type Envelope } from './wire.ts';
import { DeskError } from '#domain/errors.ts';

export function createWebDesk(): DeskApi {
  return createDeskApi(async (name, input) => {
    let response: Response;
    try {
      response = await fetch(`/api/${name}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: encodeWire(input),
      });
    } catch {
      throw new DeskError('host-unreachable', {
        vi: 'Không kết nối được với phần nền của ứng dụng. Hãy khởi động lại ứng dụng.',
        en: 'Cannot reach the app host. Please restart the app.',
      });
    }
    if (response.status === 403) {
      throw new DeskError('host-forbidden', {
        vi: 'Phiên làm việc đã hết hạn. Hãy mở lại đường dẫn mà ứng dụng in ra khi khởi động.',
        en: 'Session expired. Open the link the app printed at start-up again.',
      });
    }
    return unwrap(decodeWire(await response.text()) as Envelope);
  });
}
