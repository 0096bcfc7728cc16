// Every `from 'zod'` in the renderer's bundle resolves to this module (vite.config.ts), so zod is
// set jitless before any schema exists whatever chunk a module lands in: the CSP forbids eval,
// and zod's probe for it shows up as a violation. With the screens split into chunks, a chunk
// that built a schema at load ran before an import placed first in main.tsx could run.
import * as z from 'zod/v4';

z.config({ jitless: true });

export * from 'zod/v4';
export default z;
