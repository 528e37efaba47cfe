/**
 * A browser backend in a headless Chromium page (Debian's chromium, driven by playwright-core).
 * The page streams every message through an exposed function, so a page that hangs or crashes
 * keeps the results it had sent, exactly as a Node worker does.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../backends/types.js';
import type { WorkerMessage, WorkerRequest } from '../protocol/messages.js';
import type { WorkerHandle } from './collect.js';
import { missingPackage } from '../backends/packages.js';

export const CHROMIUM = process.env.DLSPEC_CHROMIUM ?? '/usr/bin/chromium';
const BROWSER_BUNDLE = fileURLToPath(new URL('../browser/dlspec-browser.js', import.meta.url));

/** Debian's chromium, headless, with WebGL on SwiftShader when there is no GPU, and no network chatter. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type PageStart = { readonly handle: WorkerHandle } | { readonly status: 'unavailable' | 'error'; readonly reason: string };

/**
 * Open a page running `script` (the browser bundle, or a test's own) and hand it `request` when
 * collect() begins: `__dlspec.run(request)` inside the page.
 */
export async function startPageWorker(backend: Backend, request: WorkerRequest, script = BROWSER_BUNDLE): Promise<PageStart> {
  const unavailable = chromiumUnavailable();
  if (unavailable) return { status: 'unavailable', reason: unavailable };
  if (!existsSync(script)) return { status: 'error', reason: `browser bundle ${script} is missing: build @dlspec/conformance first` };
  let browser: import('playwright-core').Browser;
  try {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (error) {
    return { status: 'unavailable', reason: `Chromium at ${CHROMIUM} could not be started through playwright-core: ${(error as Error).message.split('\n')[0]}` };
  }
  const listeners = { message: (_: WorkerMessage) => {}, exit: (_: string) => {}, output: (_: string) => {} };
  try {
    const page = await browser.newPage();
    page.on('console', (m) => listeners.output(`${m.text()}\n`));
    page.on('pageerror', (e) => listeners.output(`pageerror: ${e.message}\n`));
    page.on('crash', () => listeners.exit(`the ${backend.name} page crashed`));
    browser.on('disconnected', () => listeners.exit('Chromium disconnected'));
    await page.exposeFunction('__dlspecSend', (json: string) => listeners.message(JSON.parse(json) as WorkerMessage));
    await page.setContent('<!doctype html><meta charset="utf-8"><title>dlspec</title>');
    await page.addScriptTag({ path: script });
    const handle: WorkerHandle = {
      onMessage: (l) => (listeners.message = l),
      onExit: (l) => (listeners.exit = l),
      onOutput: (l) => (listeners.output = l),
      hostFacts: { chromium: browser.version() },
      begin: () => {
        // Typed arrays cross into the page bit for bit (Playwright serializes their bytes).
        page.evaluate((req) => globalThis.__dlspec.run(req), request).catch((error: Error) => {
          listeners.exit(`the page's run failed: ${error.message.split('\n')[0]}`);
        });
      },
      stop: () => browser.close().catch(() => {}),
    };
    return { handle };
  } catch (error) {
    await browser.close().catch(() => {});
    return { status: 'error', reason: `the ${backend.name} page could not be set up: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** Why no Chromium page can be started here, or null (checked without starting one). */
export function chromiumUnavailable(): string | null {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (install it with \`apt-get install chromium\`, or set DLSPEC_CHROMIUM)`;
  const missing = missingPackage('playwright-core');
  return missing && `${missing}, which drives Chromium for this backend`;
}
