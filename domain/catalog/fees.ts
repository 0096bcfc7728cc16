// The fee a dossier owes is computed from the catalogue's structured lines, never read out of a
// label: which lines apply depends on the channel it was filed by, an exemption holds only when
// the line lists it and the officer ticked it for this applicant, and certification is priced
// per page (TT 226/2016/TT-BTC).

import type { AppliedFee, Channel, ExemptGroup, FeeSpec, PerPageRule } from '../model.ts';

/** What the desk knows of this dossier when it prices it. */
export interface FeeInput {
  channel: Channel;
  /** The groups the officer ticked for this applicant; only those a line lists count. */
  groups: readonly ExemptGroup[];
  /** Pages of the document, where a line is priced per page; 1 when not given. */
  pages?: number;
  /**
   * The fee line (index into the procedure's fees) the officer chose: lines are cases (on time,
   * late, a copy asked for), not items to add up. Absent = the first line for the channel.
   */
  line?: number;
}

/** One copy priced page by page: each tier's price for its pages, the total capped per copy. */
export function perPageAmount(rule: PerPageRule, pages: number): number {
  let total = 0;
  rule.tiers.forEach((tier, i) => {
    const next = rule.tiers[i + 1]?.fromPage ?? Infinity;
    const inTier = Math.max(0, Math.min(pages, next - 1) - tier.fromPage + 1);
    total += inTier * tier.amount;
  });
  return Math.min(total, rule.maxPerCopy);
}

function exemptionFor(fee: FeeSpec, input: FeeInput): { kind: ExemptGroup | Channel; basis: string } | undefined {
  for (const e of fee.exemptions ?? []) {
    if ('channel' in e.when && e.when.channel === input.channel) return { kind: e.when.channel, basis: e.basis };
    if ('applicant' in e.when && input.groups.includes(e.when.applicant)) return { kind: e.when.applicant, basis: e.basis };
  }
  return undefined;
}

/** The amount this dossier owes on the chosen line and why; nothing when the line is not for its channel. */
export function applicableFee(fees: readonly FeeSpec[], input: FeeInput): AppliedFee {
  const fee = input.line === undefined ? fees.find((f) => f.channels.includes(input.channel)) : fees[input.line];
  if (fee === undefined || !fee.channels.includes(input.channel)) return { amount: 0, reasons: [] };
  const exemption = exemptionFor(fee, input);
  const amount = exemption ? 0 : fee.perPage ? perPageAmount(fee.perPage, input.pages ?? 1) : fee.amount;
  return { amount, reasons: [{ label: fee.label, amount, ...(exemption ? { exemption } : {}) }] };
}

const GROUP_VI: Record<ExemptGroup | Channel, string> = {
  disabled: 'người khuyết tật',
  'poor-household': 'thành viên hộ nghèo',
  'under-age': 'trẻ em',
  elderly: 'người cao tuổi',
  'meritorious-family': 'gia đình người có công với cách mạng',
  'ethnic-minority-hardship': 'đồng bào dân tộc thiểu số ở xã đặc biệt khó khăn',
  direct: 'nộp trực tiếp',
  online: 'nộp trực tuyến',
  post: 'nộp qua bưu chính công ích',
};

/** Vietnamese name of an exemption group or channel, as the receipt and the screen print it. */
export function exemptionLabel(kind: ExemptGroup | Channel): string {
  return GROUP_VI[kind];
}

function dong(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+$)/g, '.')} đồng`;
}

/** The receipt's fee: "<line>: 8.000 đồng", or "<line>: 0 đồng (miễn: người khuyết tật — <basis>)"; "Không" when none applies. */
export function formatAppliedFee(fee: AppliedFee): string {
  if (fee.reasons.length === 0) return 'Không';
  return fee.reasons
    .map((r) => `${r.label}: ${dong(r.amount)}${r.exemption ? ` (miễn: ${GROUP_VI[r.exemption.kind]} — ${r.exemption.basis})` : ''}`)
    .join('; ');
}
