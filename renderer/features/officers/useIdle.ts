import { useEffect } from 'react';

/** Calls onIdle after `ms` without keyboard, mouse or touch input, while enabled. */
export function useIdle(ms: number, onIdle: () => void, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let timer = window.setTimeout(onIdle, ms);
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(onIdle, ms);
    };
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, reset, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, reset);
    };
  }, [ms, onIdle, enabled]);
}
