/**
 * Starting a backend inside a Node worker. Each function either returns the device facts or
 * throws BackendUnavailable with the reason it cannot start here.
 */
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { BackendSpec } from './registry.js';

export class BackendUnavailable extends Error {
  override readonly name = 'BackendUnavailable';
}

export interface Started {
  readonly device: Record<string, unknown>;
  /** Bits of float the backend computes and stores in. */
  readonly precision: 16 | 32;
}

async function activate(name: string): Promise<void> {
  // setBackend resolves false (it does not throw) when the backend's factory fails.
  const ok = await tf.setBackend(name).catch((error: Error) => {
    throw new BackendUnavailable(`tf.setBackend('${name}') threw: ${error.message}`);
  });
  if (!ok || tf.getBackend() !== name) throw new BackendUnavailable(`tf.setBackend('${name}') failed: the backend did not initialize`);
  await tf.ready();
}

const hostFacts = () => ({ node: process.version, platform: `${process.platform}-${process.arch}`, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length });

async function startCpu(): Promise<Started> {
  await activate('cpu');
  return { device: { ...hostFacts(), floatPrecision: 32 }, precision: 32 };
}

async function startWasm(spec: BackendSpec): Promise<Started> {
  await import('@tensorflow/tfjs-backend-wasm');
  for (const [flag, value] of Object.entries(spec.flags)) tf.env().set(flag, value);
  await activate('wasm');
  return {
    device: {
      ...hostFacts(),
      simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
      threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
      floatPrecision: 32,
    },
    precision: 32,
  };
}

async function startWebgpu(): Promise<Started> {
  let webgpu: typeof import('webgpu');
  try {
    webgpu = await import('webgpu');
  } catch (error) {
    throw new BackendUnavailable(`the \`webgpu\` package (Dawn for Node) cannot be loaded: ${(error as Error).message}`);
  }
  Object.assign(globalThis, webgpu.globals);
  const gpu = webgpu.create([]);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: `node ${process.version}` }, configurable: true, writable: true });
  const adapter = await gpu.requestAdapter();
  const icd = process.env.VK_ICD_FILENAMES ?? '(system Vulkan drivers)';
  if (!adapter) {
    const hint = process.env.VK_ICD_FILENAMES ? '' : "; without a GPU, install Debian's chromium (apt-get install chromium) for SwiftShader's Vulkan driver";
    throw new BackendUnavailable(`Dawn found no WebGPU adapter with Vulkan driver ${icd}${hint}`);
  }
  const info = adapter.info;
  await import('@tensorflow/tfjs-backend-webgpu');
  await activate('webgpu');
  return {
    device: {
      ...hostFacts(),
      adapter: { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description },
      vulkanDriver: icd,
      vulkanLoader: process.env.DLSPEC_VULKAN_LOADER ?? 'system libvulkan.so.1',
      floatPrecision: 32,
    },
    precision: 32,
  };
}

async function startTensorflow(): Promise<Started> {
  const reasons: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(pkg);
      await activate('tensorflow');
      const backend = tf.backend() as unknown as { isUsingGpuDevice?: boolean; binding?: { TF_Version?: string } };
      return {
        device: { ...hostFacts(), package: pkg, libtensorflow: backend.binding?.TF_Version ?? 'unknown', gpu: backend.isUsingGpuDevice ?? false, floatPrecision: 32 },
        precision: 32,
      };
    } catch (error) {
      reasons.push(`${pkg}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new BackendUnavailable(
    `neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node can be loaded (both download libtensorflow when installed, ` +
      `which needs internet access beyond the npm registry). ${reasons.join('; ')}`,
  );
}

export async function startNodeBackend(spec: BackendSpec): Promise<Started> {
  switch (spec.tfBackend) {
    case 'cpu':
      return startCpu();
    case 'wasm':
      return startWasm(spec);
    case 'webgpu':
      return startWebgpu();
    case 'tensorflow':
      return startTensorflow();
    default:
      throw new BackendUnavailable(`${spec.name} does not run in Node`);
  }
}
