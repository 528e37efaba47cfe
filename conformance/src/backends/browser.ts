/** The backends that run in a Chromium page: the page's bundle (worker/browser-main.ts) holds only these. */
import type { Backend } from './types.js';
import { webgl1, webgl2, webglF16 } from './webgl.js';

export const BROWSER_BACKENDS: readonly Backend[] = [webgl2, webgl1, webglF16];
