// The parts every reception form shares: the two-column administrative header, the
// title, the applicant's particulars, signature blocks and page numbering.
import type { FormRequest, ReceiptRequest } from '#preload/contract.ts';
import { FlowWriter, nfc, type Block, type Run } from './layout.ts';
import { createFormDocument, FORM_PAGE } from './document.ts';
import { fill, fillSegments, type FormTemplate } from './templates.ts';
import { vietnamTimeFields } from './vietnam-time.ts';

type Office = FormRequest['office'];
type Applicant = ReceiptRequest['applicant'];
type Values = Record<string, string | number | undefined>;

export const BODY_SIZE = 10.5;
const HEADER_SIZE = 10;
const LEFT_SHARE = 0.38;

/**
 * A template line with its values filled in; values named in `emphasise` are set in bold
 * (the applicant's name, the dossier code) so they stand out from the printed wording.
 */
export function filledRuns(template: FormTemplate, pattern: string, values: Values, emphasise: string[] = []): Run[] {
  return fillSegments(pattern, values, template.blank).map((s) => ({
    text: s.text,
    style: s.key && emphasise.includes(s.key) ? 'bold' : 'regular',
  }));
}

export function line(w: FlowWriter, template: FormTemplate, pattern: string, values: Values = {}, emphasise: string[] = []) {
  w.paragraph(filledRuns(template, pattern, values, emphasise), { size: BODY_SIZE });
}

/** Agency (left) and national name with motto (right), then the number and the place-and-date line. */
export function administrativeHeader(
  w: FlowWriter,
  template: FormTemplate,
  { office, issuedAt, number }: { office: Office; issuedAt: string; number?: string },
) {
  const leftWidth = Math.round(w.width * LEFT_SHARE);
  const rightWidth = w.width - leftWidth;
  w.columns([
    { x: 0, width: leftWidth, blocks: agencyBlocks(office) },
    {
      x: leftWidth,
      width: rightWidth,
      blocks: [
        { text: template.nationalName, size: HEADER_SIZE, style: 'bold' },
        { text: template.motto, size: HEADER_SIZE + 1, style: 'bold', rule: 'under-text' },
      ],
    },
  ]);
  w.gap(4);
  const date = fill(template.dateLine, { place: office.placeName.trim(), ...vietnamTimeFields(issuedAt) }, template.blank);
  w.columns([
    { x: 0, width: leftWidth, blocks: number === undefined ? [] : [{ text: number, size: HEADER_SIZE }] },
    { x: leftWidth, width: rightWidth, blocks: [{ text: date, size: BODY_SIZE, style: 'italic' }] },
  ]);
}

/**
 * The parent body in regular type, the issuing unit under it in bold with a short rule
 * (NĐ 30/2020 layout); an office without a separate unit is itself the issuing body.
 */
export function agencyBlocks(office: Office): Block[] {
  const agency = [office.officeName, office.unitName].map((s) => nfc(s.trim()).toLocaleUpperCase('vi')).filter(Boolean);
  return agency.map((text, i) => {
    const issuer = i === agency.length - 1;
    return { text, size: HEADER_SIZE, style: issuer ? 'bold' : 'regular', rule: issuer ? 'short' : undefined };
  });
}

export function formTitle(w: FlowWriter, title: string) {
  w.gap(10);
  w.paragraph(title, { size: 12.5, style: 'bold', align: 'center', leading: 1.25 });
  w.gap(2);
}

/** The title on one line, for metadata and continuation pages. */
export const singleLine = (title: string) => title.replace(/\s*\n\s*/g, ' ');

/** Who, how to reach them, and what they ask for: the same lines on forms 01–03. */
export function applicantParticulars(
  w: FlowWriter,
  template: FormTemplate,
  { namePattern, applicant, procedureName }: { namePattern: string; applicant: Applicant; procedureName: string },
) {
  line(w, template, namePattern, { name: applicant.fullName }, ['name']);
  line(w, template, template.applicant.idNumber, { idNumber: applicant.idNumber });
  line(w, template, template.applicant.address, { address: applicant.address });
  line(w, template, template.applicant.contact, { phone: applicant.phone, email: applicant.email });
  line(w, template, template.applicant.procedure, { procedure: procedureName });
}

export interface Signer {
  title: string;
  /** Printed under the signature space; left blank for whoever signs by hand. */
  name?: string;
}

/** Signature blocks side by side; a single signer takes the right half, as on official forms. */
export function signatures(w: FlowWriter, template: FormTemplate, signers: Signer[]) {
  const half = w.width / 2;
  w.gap(8);
  w.columns(
    signers.map((signer, i) => ({
      x: signers.length === 1 ? half : i * half,
      width: half,
      blocks: [
        { text: signer.title, size: BODY_SIZE, style: 'bold' },
        { text: template.signHint, size: BODY_SIZE - 1, style: 'italic' },
        { space: 40 },
        ...(signer.name ? [{ text: signer.name, size: BODY_SIZE, style: 'bold' as const }] : []),
      ],
    })),
  );
}

/** A copy spanning several pages says on each where it belongs. */
export function continuationHeading(w: FlowWriter, heading: string) {
  w.paragraph(heading, { size: 9, style: 'italic', align: 'center' });
  w.gap(4);
}

/** "Trang i/n" at the foot of each page of a copy, only when the copy has more than one. */
export function numberPages(w: FlowWriter, template: FormTemplate, pages: FlowWriter['pages']) {
  if (pages.length < 2) return;
  pages.forEach((page, i) => {
    const text = fill(template.pageNumber, { page: i + 1, pages: pages.length }, template.blank);
    w.textAt(page, text, { x: w.left, top: w.spec.margin.bottom - 8, width: w.width, size: 8, style: 'italic' });
  });
}

/** The texts a letter to the applicant starts with (Mẫu 04, Mẫu 05). */
export interface LetterTexts {
  formNumber: string;
  /** Placeholders: {number}. */
  number: string;
  title: string;
  /** Placeholders: {name}. */
  addressee: string;
  /** Placeholders: {address}. */
  address: string;
  /** Placeholders: {phone}. */
  phone: string;
}

/**
 * A letter to the applicant, up to its body: the document, the administrative header with the
 * letter's number, the title and the centred addressee block.
 */
export async function openLetter(
  template: FormTemplate,
  t: LetterTexts,
  req: { office: Office; issuedAt: string; dossierCode: string; number?: string | undefined; applicant: Applicant },
): Promise<{ doc: Awaited<ReturnType<typeof createFormDocument>>['doc']; w: FlowWriter }> {
  const title = singleLine(t.title);
  const { doc, fonts } = await createFormDocument({ title, subject: req.dossierCode, createdAt: new Date(req.issuedAt) });
  doc.setKeywords([t.formNumber, template.id]);
  const w = new FlowWriter(doc, fonts, FORM_PAGE);
  w.onContinuation = (cw) => continuationHeading(cw, fill(template.continued, { heading: title }, template.blank));
  w.addPage();

  const number = fill(t.number, { number: req.number?.trim() }, template.blank);
  administrativeHeader(w, template, { office: req.office, issuedAt: req.issuedAt, number });
  formTitle(w, t.title);
  w.gap(4);

  w.paragraph(filledRuns(template, t.addressee, { name: req.applicant.fullName }, ['name']), { size: BODY_SIZE + 0.5, align: 'center' });
  w.paragraph(fill(t.address, { address: req.applicant.address }, template.blank), { size: BODY_SIZE, align: 'center' });
  w.paragraph(fill(t.phone, { phone: req.applicant.phone }, template.blank), { size: BODY_SIZE, align: 'center' });
  w.gap(6);
  return { doc, w };
}
