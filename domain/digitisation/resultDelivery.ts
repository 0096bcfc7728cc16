// Which hand-overs of an electronic result return it (TrangThaiHoSo 10 "Đã trả kết quả",
// docs/domain/statuses-and-sync.md [S]), and when a dossier's result reached the citizen.
// Saving the signed file for the citizen or giving them a QR code to fetch it hands the result
// itself over, so the dossier is returned then. Printing it from the viewer makes paper, which is
// returned by the paper hand-over (who took it, their ID), as before. No text was found on
// 2026-12-07 saying which status an electronic hand-over implies (a search for the articles of
// NĐ 118/2025/NĐ-CP and NĐ 45/2020/NĐ-CP on electronic results found none), so this is the
// desk's reading [U] (docs/domain/digitisation.md, "An electronic hand-over returns the result").
import type { Dossier, ResultDelivery, StatusCode } from '../model.ts';

/** The electronic hand-overs that are the return of the result. */
export const RETURNING_DELIVERIES: readonly ResultDelivery[] = ['file', 'qr'];

/** TrangThaiHoSo codes from which an electronic result may be returned: received (2), being processed (4), processed (9). */
export const RETURNABLE_FROM: readonly StatusCode[] = [2, 4, 9];

export function returnsResult(channel: ResultDelivery): boolean {
  return RETURNING_DELIVERIES.includes(channel);
}

/** When the result reached the citizen (desk time), by the paper hand-over or a returning electronic one; undefined while not returned. */
export function returnedAt(dossier: Pick<Dossier, 'handover' | 'electronicResult'>): string | undefined {
  const delivery = dossier.electronicResult?.delivery;
  return dossier.handover?.at ?? (delivery && returnsResult(delivery.channel) ? delivery.at : undefined);
}
