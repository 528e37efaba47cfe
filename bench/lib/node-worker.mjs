/**
 * A bench worker for one Node backend (a child process of run.mjs, like conformance's workers:
 * flags such as wasm SIMD stay apart). It starts the backend with conformance's own backend
 * module, runs every row of the bench modules given, and sends each result over IPC.
 * argv: <backend> <quick 0|1> <module path>...
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { BACKENDS } from '@dlspec/conformance';
import { runModules } from './measure.mjs';

const [backendName, quick, ...files] = process.argv.slice(2);
const send = (message) => (process.send ? new Promise((resolve) => process.send(message, resolve)) : console.log(JSON.stringify(message)));

const backend = BACKENDS.find((b) => b.name === backendName);
try {
  const started = await backend.start();
  await send({ type: 'started', device: started.device });
} catch (error) {
  await send({ type: 'unavailable', reason: error.message });
  process.exit(0);
}
const modules = [];
for (const file of files) modules.push(await import(pathToFileURL(file).href));
await runModules(tf, modules, { backend: backendName, quick: quick === '1', onRow: (row) => send({ type: 'row', row }) });
await send({ type: 'done', numTensors: tf.memory().numTensors });
process.exit(0);
