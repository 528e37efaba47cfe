/**
 * A backend module meant for the Chromium page, bundled for it with esbuild: one script that
 * sets globalThis.__dlspecModule to the module's exports. Its imports (its own tfjs-core copy
 * included) resolve from the module's folder, as they would for the maintainer's own bundler.
 */
import { fileURLToPath } from 'node:url';
import type { ModuleRef } from '../backends/module.js';
import { missingPackage } from '../backends/packages.js';

export async function bundleModule(ref: ModuleRef): Promise<ModuleRef | { readonly problem: string }> {
  const missing = missingPackage('esbuild');
  if (missing) return { problem: `backend module ${ref.specifier} is meant for the browser and must be bundled: ${missing}` };
  try {
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: [fileURLToPath(ref.url)],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: '__dlspecModule',
      platform: 'browser',
      target: 'es2022',
      logLevel: 'silent',
    });
    return { ...ref, code: out.outputFiles[0]?.text ?? '' };
  } catch (error) {
    return { problem: `backend module ${ref.specifier} could not be bundled for the browser: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}` };
  }
}
