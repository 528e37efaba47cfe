/**
 * tfjs-backend-webgpu on Dawn (the `webgpu` package). Without a GPU, Dawn needs a software Vulkan
 * driver: SwiftShader's, shipped by Debian's chromium (Debian 12's lavapipe is rejected by Dawn).
 */
import { existsSync, readdirSync } from 'node:fs';
import { activate } from './activate.js';
import { pollDawnEventsByTimer } from './dawn-polling.js';
import { hostFacts } from './host-facts.js';
import { missingPackage } from './packages.js';
import { BackendUnavailable, type Backend } from './types.js';

const CHROMIUM_LIB = '/usr/lib/chromium';
const SWIFTSHADER_ICD = `${CHROMIUM_LIB}/vk_swiftshader_icd.json`;
const SYSTEM_VULKAN_LOADERS = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib64/libvulkan.so.1', '/usr/lib/libvulkan.so.1'];

/** A GPU Dawn could use through the system's Vulkan drivers: NVIDIA device nodes or a DRM render node. */
function hasGpuDevice(): boolean {
  try {
    return existsSync('/dev/nvidia0') || readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
  } catch {
    return false;
  }
}

/** Dawn and the tfjs backend on it: both are optional peers of @dlspec/conformance. */
const missingPackages = () => missingPackage('webgpu') ?? missingPackage('@tensorflow/tfjs-backend-webgpu');

export const webgpu: Backend = {
  name: 'webgpu',
  description: "tfjs-backend-webgpu on Dawn (the `webgpu` package); SwiftShader's Vulkan driver when no GPU is present",
  host: 'node',
  // Every kernel a dispatch on the device (SwiftShader without a GPU): the suite's long 1000-step trajectories dominate.
  cost: 8,
  unavailable() {
    const missing = missingPackages();
    if (missing) return missing;
    // Dawn needs a Vulkan driver: a GPU's, or SwiftShader's from Debian's chromium.
    if (process.env.VK_ICD_FILENAMES || hasGpuDevice() || existsSync(SWIFTSHADER_ICD)) return null;
    return "no GPU and no software Vulkan driver: install Debian's chromium (apt-get install chromium) for SwiftShader's";
  },
  /**
   * SwiftShader's driver when there is no GPU; and Dawn needs the Vulkan loader libvulkan.so.1:
   * without Debian's libvulkan1 the dynamic linker is pointed at the copy chromium ships beside
   * SwiftShader (it must be set before the process starts).
   */
  environment(base) {
    const env: Record<string, string | undefined> = { ...base };
    if (!env.VK_ICD_FILENAMES && !hasGpuDevice() && existsSync(SWIFTSHADER_ICD)) env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    if (!SYSTEM_VULKAN_LOADERS.some((f) => existsSync(f)) && existsSync(`${CHROMIUM_LIB}/libvulkan.so.1`)) {
      env.LD_LIBRARY_PATH = [env.LD_LIBRARY_PATH, CHROMIUM_LIB].filter(Boolean).join(':');
      env.DLSPEC_VULKAN_LOADER = `${CHROMIUM_LIB}/libvulkan.so.1`;
    }
    return env;
  },
  async start() {
    const missing = missingPackages();
    if (missing) throw new BackendUnavailable(missing);
    let dawn: typeof import('webgpu');
    try {
      dawn = await import('webgpu');
    } catch (error) {
      throw new BackendUnavailable(`the \`webgpu\` package (Dawn for Node) cannot be loaded: ${(error as Error).message}`);
    }
    Object.assign(globalThis, dawn.globals);
    pollDawnEventsByTimer();
    const gpu = dawn.create([]);
    // tfjs-backend-webgpu looks for navigator.gpu when it is imported.
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
      },
      precision: 32,
    };
  },
};
