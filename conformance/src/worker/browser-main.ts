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
      // The bundle declares `var __dlspecModule`; run as a function body (strict or not) and hand the value back.
      const evaluate = new Function(`${ref.code ?? ''}\nreturn typeof __dlspecModule === 'undefined' ? {} : __dlspecModule;`) as () => Record<string, unknown>;
      return evaluate();
    }),
});

const run = (request: WorkerRequest) => serve(BROWSER_BACKENDS, request, (message) => __dlspecSend(JSON.stringify(message)), pageModule);

globalThis.__dlspec = { run };
