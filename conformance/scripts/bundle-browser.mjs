// Bundles the browser worker (tfjs + webgl backend + the suite) into one script for Chromium.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/worker/browser-main.ts'],
  outfile: 'dist/browser/dlspec-browser.js',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  // The map is for debugging here; the package leaves it out (files: !dist/browser/*.map).
  sourcemap: true,
  logLevel: 'warning',
});
