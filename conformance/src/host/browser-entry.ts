/**
 * Bundled by esbuild into dist/browser/dlspec-browser.js and loaded into a headless Chromium
 * page. Exposes `__dlspec.run(request)`, which starts tfjs-backend-webgl with the request's
 * flags, reports the WebGL device, and runs the fixtures.
 */
import * as tf from '@tensorflow/tfjs';
import { backendFacts } from '../backends/facts.js';
import type { WorkerMessage, WorkerRequest } from './protocol.js';
import { runRequest } from './worker-core.js';

function webglDevice(): Record<string, unknown> {
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } };
  const gl = backend.gpgpu?.gl;
  const debug = gl?.getExtension('WEBGL_debug_renderer_info');
  const flag = (name: string) => tf.env().get(name);
  return {
    renderer: gl ? String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'unknown',
    vendor: gl ? String(gl.getParameter(debug ? debug.UNMASKED_VENDOR_WEBGL : gl.VENDOR)) : 'unknown',
    glVersion: gl ? String(gl.getParameter(gl.VERSION)) : 'unknown',
    webglVersion: flag('WEBGL_VERSION'),
    renderFloat32Enabled: flag('WEBGL_RENDER_FLOAT32_ENABLED'),
    forceF16Textures: flag('WEBGL_FORCE_F16_TEXTURES'),
    packed: flag('WEBGL_PACK'),
    maxTextureSize: flag('WEBGL_MAX_TEXTURE_SIZE'),
    userAgent: navigator.userAgent,
  };
}

async function run(request: WorkerRequest): Promise<WorkerMessage[]> {
  const messages: WorkerMessage[] = [];
  for (const [flag, value] of Object.entries(request.backend.flags)) tf.env().set(flag, value);
  const ok = await tf.setBackend(request.backend.tfBackend).catch(() => false);
  if (!ok || tf.getBackend() !== request.backend.tfBackend) {
    messages.push({ type: 'unavailable', reason: `tf.setBackend('${request.backend.tfBackend}') failed in Chromium: no usable WebGL ${request.backend.flags.WEBGL_VERSION ?? ''} context` });
    return messages;
  }
  await tf.ready();
  const device = webglDevice();
  // Float precision the backend really stores: 16 when float32 render targets are missing or f16 is forced.
  const precision: 16 | 32 = device.renderFloat32Enabled && !device.forceF16Textures ? 32 : 16;
  messages.push({ type: 'started', device: { ...device, floatPrecision: precision, ...backendFacts() } });
  await runRequest(request, precision, (m) => messages.push(m));
  return messages;
}

(globalThis as unknown as { __dlspec: unknown }).__dlspec = { run };
