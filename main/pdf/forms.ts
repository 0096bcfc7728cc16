// Entry point of the reception forms: picks the template version the request names and
// hands over to the form's own module.
import type { FormRequest } from '#preload/contract.ts';
import { getFormTemplate } from './templates.ts';
import { renderReceipt } from './receipt.ts';
import { renderSupplement } from './supplement.ts';
import { renderRefusal } from './refusal.ts';
import { renderApology } from './apology.ts';
import { renderLedger } from './ledger.ts';

export { formTemplateInForce } from './templates.ts';

/**
 * Renders Mẫu 01–04 as an A5 PDF, or the tracking book on A4 landscape; an unknown template
 * version is a DeskError.
 */
export async function renderForm(req: FormRequest): Promise<Uint8Array> {
  const template = getFormTemplate(req.templateVersion);
  switch (req.kind) {
    case 'receipt':
      return renderReceipt(req, template);
    case 'supplement':
      return renderSupplement(req, template);
    case 'refusal':
      return renderRefusal(req, template);
    case 'apology':
      return renderApology(req, template);
    case 'ledger':
      return renderLedger(req, template);
  }
}
