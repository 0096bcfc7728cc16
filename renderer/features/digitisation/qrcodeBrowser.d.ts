// The browser half of qrcode, typed here for the renderer: @types/qrcode references Node's types
// (streams, Buffer), which the renderer must not see (tests/typecheck.test.ts).
declare module 'qrcode/lib/browser.js' {
  export function toDataURL(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H'; margin?: number; width?: number }): Promise<string>;
}
