/**
 * The bench in the Chromium page: bundled by page.mjs with the bench modules, it starts one of
 * conformance's WebGL backends (the same flags as the conformance run) and streams every row to
 * the host through the exposed __benchSend.
 */
import * as tf from '@tensorflow/tfjs';
import { BROWSER_BACKENDS } from '../../conformance/dist/backends/browser.js';
import { runModules } from './measure.mjs';

const send = (message) => globalThis.__benchSend(JSON.stringify(message));

/** Make `__bench.run(backend, quick)` run `modules` in this page. */
export const install = (modules) =>
  (globalThis.__bench = {
  async run(backendName, quick) {
    const backend = BROWSER_BACKENDS.find((b) => b.name === backendName);
    try {
      const started = await backend.start();
      await send({ type: 'started', device: started.device });
    } catch (error) {
      await send({ type: 'unavailable', reason: error.message });
      return;
    }
    await runModules(tf, modules, { backend: backendName, quick, onRow: (row) => send({ type: 'row', row }) });
    await send({ type: 'done', numTensors: tf.memory().numTensors });
  },
});
