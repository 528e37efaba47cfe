/**
 * tfjs-backend-webgl in a headless Chromium page (this module is bundled into the page: no Node
 * imports here). Three variants: WebGL 2, WebGL 1, and float16 textures forced as on many mobile GPUs.
 */
import * as tf from '@tensorflow/tfjs';
import { activate } from './activate.js';
import { BackendUnavailable, type Backend } from './types.js';

function webglDevice(): Record<string, unknown> {
  const backend = tf.backend() as { gpgpu?: { gl?: WebGLRenderingContext } };
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

function webglBackend(name: string, description: string, flags: Record<string, number | boolean>): Backend {
  return {
    name,
    description,
    host: 'browser',
    // A shader compiled per kernel and shape, a draw per kernel: the longest backends.
    cost: 10,
    async start() {
      for (const [flag, value] of Object.entries(flags)) tf.env().set(flag, value);
      // An asynchronous read (a model's own data(), the bench's) polls a GPU fence by setTimeout(0),
      // which the page clamps to 4 ms after a few nested calls; tfjs's postMessage-interleaved timer
      // polls without the clamp. Scheduling only: no value changes.
      tf.env().set('USE_SETTIMEOUTCUSTOM', true);
      await activate('webgl').catch((error: Error) => {
        throw new BackendUnavailable(`${error.message}: no usable WebGL ${flags.WEBGL_VERSION ?? ''} context in Chromium`);
      });
      const device = webglDevice();
      // The float precision the backend really stores: 16 when float32 render targets are missing or f16 is forced.
      // The cases' outputs are read with dataSync: that polling loop keeps the page's core busy while
      // the GPU process (SwiftShader without a GPU) still works, where readPixels waits in the driver.
      // With 2 jobs on 2 cores the three WebGL backends took 4 min 15 s instead of 7 min 5 s, every
      // result (status, worst ULP, worst value) the same.
      return { device, precision: device.renderFloat32Enabled && !device.forceF16Textures ? 32 : 16, readBack: 'sync' };
    },
  };
}

export const webgl2 = webglBackend('webgl2', 'tfjs-backend-webgl, WebGL 2, in headless Chromium (ANGLE on SwiftShader without a GPU)', { WEBGL_VERSION: 2 });
export const webgl1 = webglBackend('webgl1', 'tfjs-backend-webgl, WebGL 1, in headless Chromium', { WEBGL_VERSION: 1 });
export const webglF16 = webglBackend('webgl-f16', 'tfjs-backend-webgl with float16 textures forced (WEBGL_FORCE_F16_TEXTURES), as on mobile GPUs', { WEBGL_VERSION: 2, WEBGL_FORCE_F16_TEXTURES: true });
