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

function chromium() {
  if (existsSync(CHROMIUM)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const aptGet = existsSync('/usr/bin/apt-get');
  if (isRoot && aptGet) {
    console.log('[setup] installing Debian chromium (WebGL backends, SwiftShader Vulkan for WebGPU)');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium']);
    return;
  }
  console.warn(
    `[setup] ${CHROMIUM} is missing, so webgl2, webgl1, webgl-f16 (and webgpu without a GPU) will be ` +
      `reported unavailable. Install it with:\n    sudo apt-get install chromium`,
  );
}

npmPackages();
chromium();
