/**
 * A bench worker for one Node backend (a child process of run.mjs, like conformance's workers:
 * flags such as wasm SIMD stay apart). It starts the backend with conformance's own backend
 * module, runs every row of the bench modules given, and sends each result over IPC.
 * argv: <backend> <quick 0|1> <shapes, comma-separated, or empty for all> <module path>...
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { BACKENDS } from '@dlspec/conformance';
import { serveBench } from './measure.mjs';

const [backendName, quick, shape, ...files] = process.argv.slice(2);
const send = (message) => (process.send ? new Promise((resolve) => process.send(message, resolve)) : console.log(JSON.stringify(message)));

// run.mjs gone (killed, or interrupted): stop rather than measure on for no one.
process.on('disconnect', () => process.exit(1));

const modules = [];
for (const file of files) modules.push(await import(pathToFileURL(file).href));
await serveBench(tf, BACKENDS.find((b) => b.name === backendName), modules, { quick: quick === '1', shape, send });
process.exit(0);
