// Tells main that a dossier is being received, so an update waits for it. Repeated every minute
// while it lasts: main forgets a report that stops coming (a closed or crashed page).
import { useEffect } from 'react';
import { desk } from '#renderer/app/host.ts';

const REPEAT_MS = 60_000;

export function useReceptionBusy(busy: boolean): void {
  useEffect(() => {
    const report = (value: boolean) => void desk['update.busy']({ activity: 'reception', busy: value }).catch(() => undefined);
    report(busy);
    if (!busy) return;
    const timer = setInterval(() => report(true), REPEAT_MS);
    return () => {
      clearInterval(timer);
      report(false);
    };
  }, [busy]);
}
