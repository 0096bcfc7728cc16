// The last line of defence for a host process: a promise nobody awaited must not end the
// desk in the middle of a reception. Every request path handles its own failures (the fuzz
// tests in tests/fuzz fail on any unhandled rejection, since node's test runner reports one
// as a failure); this only keeps a missed one from stopping the app, and says so in the log
// by the error's class alone: its message could carry a citizen's data.
import { log } from './log.ts';

export function keepRunningOnUnhandledRejection(): void {
  process.on('unhandledRejection', (reason) => {
    log.error('unhandled rejection', { error: reason instanceof Error ? reason.name : typeof reason });
  });
}
