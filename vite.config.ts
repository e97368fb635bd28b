/**
 * Builds the renderer (renderer/ → dist/renderer). `base: './'` keeps every asset
 * URL relative, so the same bundle loads from file:// in Electron and from the
 * loopback web bridge in tests and `npm run dev:web`.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    // Electron 45 ships Chromium 140; Debian's Chromium is newer.
    target: 'chrome130',
    // The polyfill would be an inline script, which the CSP forbids (and Chromium does not need).
    modulePreload: { polyfill: false },
    // Fonts and icons stay files: a data: script or style would fall outside the CSP.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1', strictPort: true },
});
