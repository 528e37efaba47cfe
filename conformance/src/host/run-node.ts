import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BackendSpec } from '../backends/registry.js';
import { collect, type Collected, type WorkerHandle } from './collect.js';
import type { WorkerRequest } from './protocol.js';

const WORKER = fileURLToPath(new URL('./node-worker.js', import.meta.url));
const CHROMIUM_LIB = '/usr/lib/chromium';
export const SWIFTSHADER_ICD = `${CHROMIUM_LIB}/vk_swiftshader_icd.json`;
const SYSTEM_VULKAN_LOADERS = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib64/libvulkan.so.1', '/usr/lib/libvulkan.so.1'];

/** A GPU Dawn could use through the system's Vulkan drivers: NVIDIA device nodes or a DRM render node. */
function hasGpuDevice(): boolean {
  try {
    return existsSync('/dev/nvidia0') || readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
  } catch {
    return false;
  }
}

/**
 * The environment of a backend's worker. WebGPU without a GPU needs a software Vulkan driver:
 * SwiftShader's, shipped by Debian's chromium (Debian 12's lavapipe is rejected by Dawn). Dawn
 * also needs the Vulkan loader libvulkan.so.1; without Debian's libvulkan1 we point the dynamic
 * linker at the copy chromium ships beside SwiftShader (it must be set before the process starts).
 */
function workerEnv(spec: BackendSpec): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (spec.tfBackend !== 'webgpu') return env;
  if (!env.VK_ICD_FILENAMES && !hasGpuDevice() && existsSync(SWIFTSHADER_ICD)) env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  if (!SYSTEM_VULKAN_LOADERS.some(existsSync) && existsSync(`${CHROMIUM_LIB}/libvulkan.so.1`)) {
    env.LD_LIBRARY_PATH = [env.LD_LIBRARY_PATH, CHROMIUM_LIB].filter(Boolean).join(':');
    env.DLSPEC_VULKAN_LOADER = `${CHROMIUM_LIB}/libvulkan.so.1`;
  }
  return env;
}

/** A forked child as collect() sees it. */
export function workerHandle(child: ChildProcess): WorkerHandle {
  return {
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code, signal) => listener(signal ? `signal ${signal}` : `code ${code}`)),
    output: [child.stdout!, child.stderr!],
    kill: () => child.kill('SIGKILL'),
  };
}

export function runNodeBackend(request: WorkerRequest, timeoutMs: number): Promise<Collected> {
  const child = fork(WORKER, [], { env: workerEnv(request.backend), serialization: 'advanced', stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  child.send(request);
  return collect(workerHandle(child), timeoutMs);
}
