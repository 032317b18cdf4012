// Vite builds the UI into web/dist, which `hikeshi serve` serves at /. Everything is bundled:
// no CDN, no inline scripts or styles (the server's Content-Security-Policy forbids both).
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0, // data: URLs would need a CSP exception
    modulePreload: { polyfill: false },
    target: 'es2020',
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
