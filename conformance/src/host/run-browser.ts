import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeCase } from '../engine/encode.js';
import type { Collected } from './collect.js';
import type { WorkerMessage, WorkerRequest } from './protocol.js';

export const CHROMIUM = process.env.DLSPEC_CHROMIUM ?? '/usr/bin/chromium';
const BUNDLE = fileURLToPath(new URL('../browser/dlspec-browser.js', import.meta.url));

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

export async function runBrowserBackend(request: WorkerRequest, timeoutMs: number): Promise<Collected> {
  if (!existsSync(CHROMIUM)) {
    return { status: 'unavailable', reason: `no Chromium at ${CHROMIUM} (install it with \`apt-get install chromium\`, or set DLSPEC_CHROMIUM)`, device: {}, cases: [] };
  }
  if (!existsSync(BUNDLE)) return { status: 'error', reason: `browser bundle ${BUNDLE} is missing: build @dlspec/conformance first`, device: {}, cases: [] };
  const { chromium } = await import('playwright-core');
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (error) {
    return { status: 'unavailable', reason: `Chromium at ${CHROMIUM} did not start: ${(error as Error).message.split('\n')[0]}`, device: {}, cases: [] };
  }
  const logs: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => logs.push(m.text()));
    page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
    await page.setContent('<!doctype html><meta charset="utf-8"><title>dlspec</title>');
    await page.addScriptTag({ path: BUNDLE });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);
    });
    // Results cross the page boundary as JSON text: special numbers are already strings in it.
    const json = await Promise.race([
      page.evaluate(async (req) => JSON.stringify(await (globalThis as any).__dlspec.run(req)), request as unknown as Record<string, unknown>),
      timeout,
    ]).finally(() => clearTimeout(timer));
    const messages = JSON.parse(json) as WorkerMessage[];
    let device: Record<string, unknown> = {};
    const cases = [];
    for (const m of messages) {
      if (m.type === 'unavailable') return { status: 'unavailable', reason: m.reason, device, cases: [] };
      if (m.type === 'started') device = m.device;
      if (m.type === 'result') cases.push(decodeCase(m.result));
    }
    return { status: 'ok', device: { ...device, chromium: browser.version() }, cases };
  } catch (error) {
    return { status: 'error', reason: `${(error as Error).message.split('\n')[0]}; console tail: ${logs.slice(-5).join(' | ')}`, device: {}, cases: [] };
  } finally {
    await browser.close();
  }
}
