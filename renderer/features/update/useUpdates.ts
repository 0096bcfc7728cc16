// The update status for the banner: main is configured on start, checks on start and every six
// hours, downloads in the background when an update is offered, and is polled while it works.
import { useCallback, useEffect, useState } from 'react';
import { desk } from '#renderer/app/host.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { applyUpdateConfig } from './updateConfig.ts';
import type { UpdateStatus } from '#preload/wire/updates.ts';

const CHECK_EVERY_MS = 6 * 60 * 60_000;
const POLL_BUSY_MS = 2_000;
const POLL_IDLE_MS = 60_000;

export interface Updates {
  status: UpdateStatus | null;
  check(): Promise<void>;
  install(): Promise<void>;
}

export function useUpdates(): Updates {
  const { settings } = useDesk();
  // Only what names the desk for the roll-out: saving any other setting must not re-check the feed.
  const { agencyId, deskNumber } = settings;
  const [status, setStatus] = useState<UpdateStatus | null>(null);

  const check = useCallback(async () => {
    let next = await desk['update.check']({});
    if (next.state === 'available') next = await desk['update.download']({});
    setStatus(next);
  }, []);

  useEffect(() => {
    void applyUpdateConfig({ agencyId, deskNumber })
      .then((s) => (setStatus(s), s.state === 'not-configured' ? undefined : check()))
      .catch(() => undefined);
    const timer = setInterval(() => void check().catch(() => undefined), CHECK_EVERY_MS);
    return () => clearInterval(timer);
  }, [agencyId, deskNumber, check]);

  const working = status?.state === 'downloading' || status?.state === 'waiting-idle' || status?.state === 'checking';
  useEffect(() => {
    const timer = setInterval(() => void desk['update.status']({}).then(setStatus, () => undefined), working ? POLL_BUSY_MS : POLL_IDLE_MS);
    return () => clearInterval(timer);
  }, [working]);

  const install = useCallback(async () => setStatus(await desk['update.apply']({})), []);
  return { status, check, install };
}
