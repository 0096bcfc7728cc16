// The forms main renders during an end-to-end story, caught on the wire and read back as text.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { decodeWire } from '#preload/wire.ts';

const work = mkdtempSync(join(tmpdir(), 'desk-e2e-forms-'));

/** The PDF of the next form main renders while `action` runs. */
export async function nextFormPdf(page: Page, action: () => Promise<void>): Promise<Buffer> {
  const response = page.waitForResponse((r) => r.url().endsWith('/api/forms.render'));
  await action();
  const envelope = decodeWire(await (await response).text()) as { ok: boolean; result: Uint8Array; error?: unknown };
  assert.equal(envelope.ok, true, `the form was rendered: ${JSON.stringify(envelope.error)}`);
  return Buffer.from(envelope.result);
}

/** A form's words after qpdf has checked its structure; lines wrap where the layout decides, so blanks are folded. */
export function pdfText(bytes: Buffer, name = 'form.pdf'): string {
  const file = join(work, name);
  writeFileSync(file, bytes);
  execFileSync('qpdf', ['--check', file]);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

/** The next form's words. */
export async function nextFormText(page: Page, action: () => Promise<void>): Promise<string> {
  return pdfText(await nextFormPdf(page, action));
}
