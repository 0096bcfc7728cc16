// Following a main-side job — a scan or a file import — whose pages arrive in batches while
// it runs, so each can be stored the moment it arrives.
import type { DeskApi } from '#preload/contract.ts';
import type { ScanBatch } from '#preload/wire/scan.ts';

/** Hands over each batch of the job as it arrives, until the job is done; returns the error it ended with, if any. */
export async function followJob(api: DeskApi, jobId: string, onBatch: (batch: ScanBatch) => Promise<void>): Promise<ScanBatch['error']> {
  for (;;) {
    const batch = await api['scan.next']({ jobId, waitMs: 1000 });
    await onBatch(batch);
    if (batch.done) return batch.error;
  }
}
