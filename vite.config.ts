import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web application: built into dist/web and served by the Leergoed server itself.
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/r/': 'http://127.0.0.1:3000' } },
});
