// The three pages (wall, command map, desk editor) are Django templates; Vite only builds their
// scripts and styles. Django finds the hashed files through dist/.vite/manifest.json and serves
// them as static files under /static/.
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { phoneShellOnly } from './src/phone/precache.js';

export default defineConfig({
  base: '/static/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: {
        wall: 'src/views/wall.js',
        command: 'src/views/command.js',
        editor: 'src/views/editor.js',
        login: 'src/views/login.js',
        'desk-shell': 'src/desk/shell.js',
        'desk-events': 'src/desk/events.js',
        'geometry-widget': 'src/desk/geometry-widget.js',
        'desk-shelters': 'src/desk/shelters.js',
        'intake-map': 'src/desk/intake-map.js',
        'desk-ledger': 'src/desk/ledger.js',
        'desk-imports': 'src/desk/imports.js',
        'desk-exposure': 'src/desk/exposure.js',
        'ogc-pages': 'src/ogc/pages.js',
        replay: 'src/replay/replay.js',
        phone: 'src/phone/main.js',
      },
    },
  },
  // The phone app's service worker (src/phone/sw.js → dist/sw.js, served at /m/sw.js); the web app
  // manifest is Django's (/m/manifest.webmanifest), so the plugin writes none and injects nothing.
  plugins: [
    VitePWA({
      strategies: 'injectManifest', srcDir: 'src/phone', filename: 'sw.js', injectRegister: false, manifest: false,
      injectManifest: {
        globPatterns: ['assets/**/*.{js,css,woff2,png,svg}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        // The worker lives at /m/sw.js: the built files must be named by their /static/ URL.
        modifyURLPrefix: { 'assets/': '/static/assets/' },
        manifestTransforms: [phoneShellOnly('dist/.vite/manifest.json')],
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.js'],
    environment: 'node',
  },
});
