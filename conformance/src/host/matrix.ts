/**
 * The conformance matrix: every requested backend (a worker each), every fixture of the
 * requested families, expectations applied, summarized into the report of the README.
 */
import { createRequire } from 'node:module';
import { pool } from '@dlspec/core';
import type { LoadOptions } from '@dlspec/fixtures/node';
import type { Backend } from '../backends/types.js';
import { FAMILIES } from '../families/index.js';
import type { BackendRun } from '../protocol/case-result.js';
import type { WorkerRequest } from '../protocol/messages.js';
import { summarize } from '../report/count.js';
import type { Report } from '../report/types.js';
import { startPageWorker } from './chromium-page.js';
import { collect, type Collected } from './collect.js';
import { applyExpectations, loadExpectations, type Expectation } from './expectations.js';
import { startNodeWorker } from './node-process.js';
import { planFixtures } from './plan.js';

export interface MatrixOptions {
  readonly backends: readonly Backend[];
  readonly families?: readonly string[];
  readonly subjects?: readonly string[];
  readonly timeoutMs?: number;
  /** How many backends run at once. */
  readonly jobs?: number;
  readonly fixtures?: Omit<LoadOptions, 'families'>;
  readonly expectationsDir?: string;
  /** Backends that must start: unavailable counts as a failure for these. */
  readonly require?: readonly string[];
  readonly onBackend?: (run: BackendRun) => void;
}

const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** Start the backend's worker where it runs, and collect what it streams until done, exit or timeout. */
async function runBackend(backend: Backend, request: WorkerRequest, timeoutMs: number): Promise<Collected> {
  if (backend.host === 'node') return collect(startNodeWorker(backend, request), timeoutMs);
  const page = await startPageWorker(backend, request);
  return 'handle' in page ? collect(page.handle, timeoutMs) : { status: page.status, reason: page.reason, device: {}, cases: [] };
}

export async function runMatrix(options: MatrixOptions): Promise<Report> {
  const plan = await planFixtures(FAMILIES, { ...options.fixtures, ...(options.families ? { families: options.families } : {}) });
  const timeoutMs = options.timeoutMs ?? 15 * 60_000;
  const stale: Array<Expectation & { backend: string }> = [];

  const backends = await pool(options.backends, options.jobs ?? 1, async (backend): Promise<BackendRun> => {
    const started = Date.now();
    const request: WorkerRequest = { backend: backend.name, fixtures: plan.fixtures, ...(options.subjects ? { subjects: options.subjects } : {}) };
    const collected = await runBackend(backend, request, timeoutMs);
    const cases = collected.status === 'unavailable' ? [] : [...plan.errors.map((c) => ({ ...c })), ...collected.cases];
    const expectations = await loadExpectations(backend.name, options.expectationsDir);
    if (collected.status !== 'unavailable') {
      const unused = applyExpectations(cases, expectations);
      // Only a complete run can tell that an entry is stale.
      if (collected.status === 'ok' && !options.subjects) stale.push(...unused.filter((e) => !options.families || options.families.includes(e.case.split('/')[0] ?? '')).map((e) => ({ ...e, backend: backend.name })));
    }
    const run: BackendRun = {
      name: backend.name,
      status: collected.status,
      ...(collected.reason ? { reason: collected.reason } : {}),
      device: collected.device,
      cases,
      durationMs: Date.now() - started,
    };
    options.onBackend?.(run);
    return run;
  });

  return {
    schemaVersion: 2,
    tool: { name: '@dlspec/conformance', version },
    createdAt: new Date().toISOString(),
    families: plan.families,
    backends,
    summary: summarize(backends, stale, options.require),
  };
}
