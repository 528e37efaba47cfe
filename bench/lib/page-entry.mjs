/**
 * The bench in the Chromium page: bundled by page.mjs with the bench modules, it starts one of
 * conformance's WebGL backends (the same flags as the conformance run) and streams every row to
 * the host through the exposed __benchSend.
 */
import * as tf from '@tensorflow/tfjs';
import { BROWSER_BACKENDS } from '../../conformance/dist/backends/browser.js';
import { serveBench } from './measure.mjs';

const send = (message) => globalThis.__benchSend(JSON.stringify(message));

/** Make `__bench.run(backend, { quick, shape })` run `modules` in this page. */
export const install = (modules) => {
  globalThis.__bench = { run: (name, options) => serveBench(tf, BROWSER_BACKENDS.find((b) => b.name === name), modules, { ...options, send }) };
};
