import { InvalidArgumentError } from '@dlspec/core';

/** Where a backend runs: in a Node child process, or in a headless Chromium page. */
export type Host = 'node' | 'browser';

export interface BackendSpec {
  readonly name: string;
  readonly host: Host;
  /** The name tfjs registers the backend under. */
  readonly tfBackend: 'cpu' | 'wasm' | 'webgpu' | 'webgl' | 'tensorflow';
  /** tfjs flags set before the backend initializes. */
  readonly flags: Readonly<Record<string, boolean | number>>;
  readonly description: string;
}

export const BACKENDS: readonly BackendSpec[] = [
  { name: 'cpu', host: 'node', tfBackend: 'cpu', flags: {}, description: 'tfjs-backend-cpu: plain JavaScript, float32' },
  { name: 'wasm', host: 'node', tfBackend: 'wasm', flags: {}, description: 'tfjs-backend-wasm with SIMD (XNNPACK), threads off in Node' },
  { name: 'wasm-nosimd', host: 'node', tfBackend: 'wasm', flags: { WASM_HAS_SIMD_SUPPORT: false }, description: 'tfjs-backend-wasm, plain (non-SIMD) build' },
  { name: 'webgpu', host: 'node', tfBackend: 'webgpu', flags: {}, description: "tfjs-backend-webgpu on Dawn (the `webgpu` package); SwiftShader's Vulkan driver when no GPU is present" },
  { name: 'webgl2', host: 'browser', tfBackend: 'webgl', flags: { WEBGL_VERSION: 2 }, description: 'tfjs-backend-webgl, WebGL 2, in headless Chromium (ANGLE on SwiftShader without a GPU)' },
  { name: 'webgl1', host: 'browser', tfBackend: 'webgl', flags: { WEBGL_VERSION: 1 }, description: 'tfjs-backend-webgl, WebGL 1, in headless Chromium' },
  { name: 'webgl-f16', host: 'browser', tfBackend: 'webgl', flags: { WEBGL_VERSION: 2, WEBGL_FORCE_F16_TEXTURES: true }, description: 'tfjs-backend-webgl with float16 textures forced (WEBGL_FORCE_F16_TEXTURES), as on mobile GPUs' },
  { name: 'tensorflow', host: 'node', tfBackend: 'tensorflow', flags: {}, description: 'tfjs-node (libtensorflow, CPU) or tfjs-node-gpu (CUDA), when installed' },
];

export const BACKEND_NAMES = BACKENDS.map((b) => b.name);

/** Resolve "all" or a comma/space separated list of names, refusing unknown ones by name. */
export function resolveBackends(names: readonly string[], argument = '--backend'): BackendSpec[] {
  const wanted = names.flatMap((n) => n.split(/[\s,]+/)).filter(Boolean);
  if (wanted.length === 0 || wanted.includes('all')) return [...BACKENDS];
  return [...new Set(wanted)].map((name) => {
    const spec = BACKENDS.find((b) => b.name === name);
    if (!spec) throw new InvalidArgumentError(argument, name, `must be "all" or one of ${BACKEND_NAMES.join(', ')}`);
    return spec;
  });
}
