/**
 * Find a backend module the user named: a path (relative to the working folder) or a package
 * name resolved from it, as Node would import it. `browser:` before either means the module is
 * meant for the Chromium page.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModuleRef } from '../backends/module.js';

const BROWSER = 'browser:';
const looksLikePath = (s: string) => /^\.{1,2}([\\/]|$)/.test(s) || isAbsolute(s) || /\.[cm]?js$/.test(s);

/** The entry of a package's exports['.'] (or the whole exports) for an importing Node: import, node, default. */
function exportEntry(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (Array.isArray(exports)) return exports.map(exportEntry).find(Boolean);
  if (exports === null || typeof exports !== 'object') return undefined;
  const map = exports as Record<string, unknown>;
  if ('.' in map) return exportEntry(map['.']);
  for (const condition of ['import', 'node', 'default']) if (condition in map) return exportEntry(map[condition]);
  return undefined;
}

/** An ESM-only package that require.resolve refuses: walk up node_modules folders as Node does. */
function resolveEsmPackage(name: string, cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const pkgDir = join(dir, 'node_modules', name);
    const manifest = join(pkgDir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: unknown; main?: string; module?: string };
      const entry = exportEntry(pkg.exports) ?? pkg.module ?? pkg.main ?? 'index.js';
      return resolve(pkgDir, entry);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The module `specifier` names, or why it cannot be found. */
export function resolveModule(specifier: string, cwd: string): ModuleRef | { readonly problem: string } {
  const host = specifier.startsWith(BROWSER) ? 'browser' : 'node';
  const target = host === 'browser' ? specifier.slice(BROWSER.length) : specifier;
  if (!target) return { problem: 'names no module after "browser:"' };
  if (looksLikePath(target)) {
    const path = resolve(cwd, target);
    if (!existsSync(path)) return { problem: `is not a file (looked for ${path})` };
    if (statSync(path).isDirectory()) return { problem: `is a folder (${path}); name the module file` };
    return { url: pathToFileURL(path).href, specifier, host };
  }
  let path: string | undefined;
  try {
    path = createRequire(join(cwd, 'noop.js')).resolve(target);
  } catch {
    path = resolveEsmPackage(target, cwd);
  }
  if (path === undefined || !existsSync(path)) return { problem: `is neither a built-in backend nor a package that resolves from ${cwd}` };
  return { url: pathToFileURL(path).href, specifier, host };
}
