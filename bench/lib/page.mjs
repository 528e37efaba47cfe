/**
 * Run the bench modules on a WebGL backend in headless Chromium: the modules and page-entry.mjs
 * bundled by esbuild into one script (as conformance bundles its page worker), loaded into a page
 * launched with conformance's Chromium and flags.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../conformance/dist/host/chromium-page.js';

const ENTRY = fileURLToPath(new URL('./page-entry.mjs', import.meta.url));

/** One script: the page entry, installed with every module. */
export async function bundle(files) {
  const imports = files.map((f, k) => `import * as m${k} from ${JSON.stringify(f)};`).join('\n');
  const contents = `${imports}\nimport { install } from ${JSON.stringify(ENTRY)};\ninstall([${files.map((_, k) => `m${k}`).join(', ')}]);\n`;
  const out = await build({
    stdin: { contents, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'js', sourcefile: 'bench-page.mjs' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  });
  return out.outputFiles[0].text;
}

/** Run `script` for `backend` ({ quick, shape }) in a fresh page; `onMessage` gets every message; resolves at done or on a problem. */
export async function runInPage(script, backend, options, onMessage, timeoutMs) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => onMessage({ type: 'output', text: `pageerror: ${e.message}` }));
    let done = false;
    let finish;
    const finished = new Promise((resolve) => (finish = () => ((done = true), resolve())));
    await page.exposeFunction('__benchSend', (json) => {
      const message = JSON.parse(json);
      onMessage(message);
      if (message.type === 'done' || message.type === 'unavailable') finish();
    });
    await page.setContent('<!doctype html><meta charset="utf-8"><title>dlspec bench</title>');
    await page.addScriptTag({ content: script, type: 'module' });
    // An inline module script runs after it is added (deferred, and its top-level awaits): wait for what it installs.
    await page.waitForFunction(() => globalThis.__bench !== undefined, undefined, { timeout: 60_000 });
    const timer = setTimeout(() => {
      onMessage({ type: 'error', reason: `timed out after ${timeoutMs / 1000} s` });
      finish();
    }, timeoutMs);
    page.evaluate(([b, o]) => globalThis.__bench.run(b, o), [backend, options]).catch((error) => {
      if (done) return; // the page is closed once done
      onMessage({ type: 'error', reason: error.message.split('\n')[0] });
      finish();
    });
    await finished;
    clearTimeout(timer);
    return { chromium: browser.version() };
  } finally {
    await browser.close().catch(() => {});
  }
}
