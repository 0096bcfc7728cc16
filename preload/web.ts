// Browser-host client: the contract over same-origin HTTP. The session cookie set by
// main/web.ts authenticates; the browser adds the Origin header main checks.
import type { CallName, DeskApi } from './contract.ts';
import { decodeWire, encodeWire, unwrap, type Envelope } from './wire.ts';
import { DeskError } from '#domain/errors.ts';

/**
 * The calls by name, without evaluating the contract: main checks every name and input, and
 * building the contract's input schemas here cost the sign-in screen ~20 ms of a desk's start
 * (issue 17). The type keeps the names to the contract's; `then` is not a call, so the client
 * is never taken for a promise.
 */
export function createWebDesk(): DeskApi {
  const calls = new Map<string, (input: unknown) => Promise<unknown>>();
  return new Proxy({} as DeskApi, {
    get(_target, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      let call = calls.get(name);
      if (!call) {
        call = (input) => callOverHttp(name as CallName, input);
        calls.set(name, call);
      }
      return call;
    },
  });
}

async function callOverHttp(name: CallName, input: unknown): Promise<unknown> {
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
}
