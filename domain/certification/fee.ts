// The fee for an electronic certified copy: TT 226/2016/TT-BTC prices certification from the
// original per page of the ORIGINAL — "2.000 đồng/trang; từ trang thứ ba trở lên thu 1.000
// đồng/trang, nhưng mức thu tối đa không quá 200.000 đồng/bản" [S, checked 2026-12-07]. Page 3
// is already at 1,000 đ, so a 5-page original costs 2 × 2,000 + 3 × 1,000 = 7,000 đ, not the
// 8,000 đ issue 15 expected (that would start the lower price at page 4). The tiers are the
// catalogue's (2.000815's perPage line), not constants here. Some provinces pay the fee for
// citizens for a period: fee-exemptions.json, data an administrator can change.
import { z } from 'zod';
import { DeskError } from '../errors.ts';
import type { PerPageRule } from '../model.ts';
import { perPageAmount } from '../catalog/fees.ts';
import bundled from './fee-exemptions.json' with { type: 'json' };

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const provinceExemptionsSchema = z.object({
  checked: day,
  exemptions: z.array(
    z.object({ province: z.string().min(1), from: day, to: day, basis: z.string().min(1), status: z.enum(['V', 'S', 'U']), note: z.string().optional() }),
  ),
});
export type ProvinceExemptions = z.infer<typeof provinceExemptionsSchema>;
export const BUNDLED_PROVINCE_EXEMPTIONS: ProvinceExemptions = provinceExemptionsSchema.parse(bundled);

export interface CertificationFee {
  /** What the citizen pays, VND. */
  amount: number;
  /** The tariff before any exemption, VND. */
  tariff: number;
  pages: number;
  /** The province's resolution when it pays the fee instead of the citizen. */
  paidBy: { province: string; basis: string } | null;
}

export function certificationFee(
  input: { pages: number; province: string; day: string },
  rule: PerPageRule,
  exemptions: ProvinceExemptions = BUNDLED_PROVINCE_EXEMPTIONS,
): CertificationFee {
  if (!Number.isInteger(input.pages) || input.pages < 1) {
    throw new DeskError('certification.pages', {
      vi: `Số trang của bản chính phải là số nguyên từ 1 trở lên (đang là ${input.pages}).`,
      en: `The original’s page count must be a whole number of at least 1 (got ${input.pages}).`,
    });
  }
  const tariff = perPageAmount(rule, input.pages);
  const province = input.province.trim().normalize('NFC').toLocaleLowerCase('vi');
  const exemption = exemptions.exemptions.find(
    (e) => e.province.normalize('NFC').toLocaleLowerCase('vi') === province && e.from <= input.day && input.day <= e.to,
  );
  return {
    amount: exemption ? 0 : tariff,
    tariff,
    pages: input.pages,
    paidBy: exemption ? { province: exemption.province, basis: exemption.basis } : null,
  };
}
