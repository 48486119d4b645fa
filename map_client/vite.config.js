// The three pages (wall, command map, desk editor) are Django templates; Vite only builds their
// scripts and styles. Django finds the hashed files through dist/.vite/manifest.json and serves
// them as static files under /static/.
import { defineConfig } from 'vite';

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
      },
    },
  },
  test: {
    include: ['test/**/*.test.js'],
    environment: 'node',
  },
});
