/**
 * Bundled by esbuild into dist/browser/dlspec-browser.js and loaded into a headless Chromium
 * page. `__dlspec.run(request)` starts the requested WebGL backend and streams every message to
 * the host through `__dlspecSend`, which the host exposes on the page before calling run.
 */
import { BROWSER_BACKENDS } from '../backends/browser.js';
import { moduleBackend, startModule, type ModuleRef } from '../backends/module.js';
import type { WorkerRequest } from '../protocol/messages.js';
import { serve } from './serve.js';

/** A backend module in the page: its bundle (made by the host) is evaluated when the backend starts, so what it registers is seen. */
const pageModule = (ref: ModuleRef) => ({
  ...moduleBackend(ref),
  start: () =>
    startModule(ref, async () => {
      // Indirect eval: the bundle runs in the page's global scope, as a script tag would.
      (0, eval)(ref.code ?? '');
      return (globalThis as { __dlspecModule?: Record<string, unknown> }).__dlspecModule ?? {};
    }),
});

const run = (request: WorkerRequest) => serve(BROWSER_BACKENDS, request, (message) => __dlspecSend(JSON.stringify(message)), pageModule);

globalThis.__dlspec = { run };
