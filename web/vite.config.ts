import { defineConfig } from 'vite';

// Builds static files into dist/: index.html (served by the server at `/`, no-cache) and
// hashed files under dist/assets/ (long cache). The server's Content-Security-Policy allows
// no inline script or style, so nothing may be inlined.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0, // no data: URLs for scripts or styles
    modulePreload: { polyfill: false }, // the polyfill is an inline script
    sourcemap: false,
    rollupOptions: {
      onwarn(warning, warn) {
        // @microsoft/signalr has /*#__PURE__*/ comments Rollup cannot place; harmless.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('@microsoft/signalr')) return;
        warn(warning);
      },
    },
  },
  server: {
    // `npx vite` in web/ for development against a server on :5000.
    proxy: {
      '/api': 'http://127.0.0.1:5000',
      '/MessageHub': { target: 'http://127.0.0.1:5000', ws: true },
    },
  },
});
