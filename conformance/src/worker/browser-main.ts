/**
 * Bundled by esbuild into dist/browser/dlspec-browser.js and loaded into a headless Chromium
 * page. `__dlspec.run(request)` starts the requested WebGL backend and streams every message to
 * the host through `__dlspecSend`, which the host exposes on the page before calling run.
 */
import { BROWSER_BACKENDS } from '../backends/browser.js';
import type { WorkerRequest } from '../protocol/messages.js';
import { serve } from './serve.js';

const run = (request: WorkerRequest) => serve(BROWSER_BACKENDS, request, (message) => __dlspecSend(JSON.stringify(message)));

globalThis.__dlspec = { run };
