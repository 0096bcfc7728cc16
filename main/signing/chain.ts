// Path building from a certificate to a trust anchor, intermediates taken from the CMS.
// Revocation is not checked: the desk is offline-first, and says so in every report.
import { pkijs } from './crypto.ts';

export interface ChainResult {
  trusted: boolean;
  problem: string | null;
}

export async function checkChain(
  certificate: pkijs.Certificate,
  intermediates: pkijs.Certificate[],
  anchors: pkijs.Certificate[],
  at: Date,
): Promise<ChainResult> {
  if (anchors.length === 0) return { trusted: false, problem: 'no trust anchors' };
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: anchors,
    // PKI.js takes the end-entity certificate last.
    certs: [...intermediates.filter((c) => c !== certificate), certificate],
    checkDate: at,
  });
  try {
    const result = await engine.verify();
    return { trusted: result.result, problem: result.result ? null : result.resultMessage };
  } catch (e) {
    const message = e && typeof e === 'object' && 'resultMessage' in e ? String(e.resultMessage) : String(e);
    return { trusted: false, problem: message };
  }
}
