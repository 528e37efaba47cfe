#!/usr/bin/env node
// Installs what the README's two commands need on a fresh machine, using Node built-ins only
// (it runs before `npm ci`): the npm packages from the lockfile, and Debian's chromium for the
// WebGL backends (and SwiftShader's Vulkan driver, which Dawn uses for WebGPU without a GPU).
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

function npmPackages() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  // `npm install`, not `npm ci`: the registry these machines reach has no darwin/windows builds of
  // turbo, so the lockfile cannot list them and `npm ci` refuses it as out of sync. `npm install`
  // still installs the locked versions.
  console.log('[setup] installing npm packages (locked versions from package-lock.json)');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

export const CHROMIUM = process.env.DLSPEC_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Debian's packages the tests and the matrix use, each found by one file it installs. Installed in
 * one apt-get call when this runs as root on Debian; otherwise each missing one is named with what
 * goes without it.
 */
const DEBIAN = [
  { pkg: 'chromium', file: CHROMIUM, why: 'the WebGL backends, and SwiftShader\'s Vulkan driver that Dawn uses for WebGPU without a GPU', without: 'webgl2, webgl1, webgl-f16 (and webgpu without a GPU) are reported unavailable' },
  { pkg: 'libonnx-testdata', file: '/usr/share/libonnx-testdata/data/node', why: "ONNX's backend node tests, which `dlspec import onnx` converts", without: 'the ONNX import tests are skipped as unavailable' },
  { pkg: 'redis-server', file: '/usr/bin/redis-server', why: 'the server-backed search journal (@dlspec/samplers), tested against a real server', without: 'the Redis journal tests are skipped as unavailable' },
];

function debianPackages() {
  const missing = DEBIAN.filter(({ file }) => !existsSync(file));
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    for (const { pkg, why } of missing) console.log(`[setup] installing Debian ${pkg}: ${why}`);
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing.map(({ pkg }) => pkg)]);
    return;
  }
  for (const { pkg, file, without } of missing) {
    console.warn(`[setup] ${file} is missing, so ${without}. Install it with:\n    sudo apt-get install ${pkg}`);
  }
}

npmPackages();
debianPackages();
