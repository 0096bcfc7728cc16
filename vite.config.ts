import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  // zod comes configured for the CSP (renderer/zodJitless.ts says why); the module itself imports 'zod/v4'.
  resolve: { alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('renderer/zodJitless.ts', import.meta.url)) }] },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    target: 'chrome130',
    chunkSizeWarningLimit: 2048,
  },
});
