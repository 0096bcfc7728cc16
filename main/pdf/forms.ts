// Entry point of the reception forms: picks the template version the request names and
// hands over to the form's own module.
import type { FormRequest } from '#preload/contract.ts';
import { getFormTemplate } from './templates.ts';
import { renderReceipt } from './receipt.ts';
import { renderSupplement } from './supplement.ts';
import { renderRefusal } from './refusal.ts';
import { renderApology } from './apology.ts';
import { renderStop } from './stop.ts';
import { renderControl } from './control.ts';
import { renderLedger } from './ledger.ts';

export { formTemplateInForce } from './templates.ts';

/**
 * Renders the reception forms (Mẫu 01–06 of TT 03/2025) as A5 PDFs, or the tracking book on
 * A4 landscape; an unknown template version, or a form that version does not have, is a DeskError.
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
    case 'stop':
      return renderStop(req, template);
    case 'control':
      return renderControl(req, template);
    case 'ledger':
      return renderLedger(req, template);
  }
}
