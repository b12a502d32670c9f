// Vite build of the pdz web front end: the SPA (index.html) and the API docs page (api-docs.html).
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // react-bootstrap (via design-react-kit) marks its modules "use client": harmless outside RSC.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      input: {
        main: resolve(__dirname, 'index.html'),
        'api-docs': resolve(__dirname, 'api-docs.html'),
      },
    },
  },
  server: {
    // `npm run dev` talks to a pdz server started by hand on port 8080.
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
