/**
 * The conformance matrix: every requested backend (one worker each), every fixture of the
 * requested families, expectations applied, summarized into the report of the README.
 */
import { createRequire } from 'node:module';
import { pool } from '@dlspec/core';
import { loadFixtures, type LoadOptions } from '@dlspec/fixtures/node';
import type { BackendSpec } from '../backends/registry.js';
import { runBrowserBackend } from '../host/run-browser.js';
import { runNodeBackend } from '../host/run-node.js';
import type { WorkerRequest } from '../host/protocol.js';
import { applyExpectations, loadExpectations, type Expectation } from './expectations.js';
import type { BackendRun, CaseResult, CaseStatus } from './types.js';

export interface MatrixOptions {
  readonly backends: readonly BackendSpec[];
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

export type Counts = Record<CaseStatus, number>;

export interface Report {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: string; readonly version: string };
  readonly createdAt: string;
  readonly families: readonly string[];
  readonly backends: BackendRun[];
  readonly summary: {
    readonly byBackend: Record<string, Counts & { status: string; maxUlpRelative: number | null }>;
    readonly total: Counts;
    /** fail + error + xpass on backends that ran, plus required backends that did not start or crashed. */
    readonly unexpected: number;
    readonly staleExpectations: ReadonlyArray<Expectation & { backend: string }>;
    readonly ok: boolean;
  };
}

const zero = (): Counts => ({ pass: 0, fail: 0, xfail: 0, xpass: 0, skip: 0, error: 0 });
const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export async function runMatrix(options: MatrixOptions): Promise<Report> {
  const loaded = await loadFixtures({ ...options.fixtures, ...(options.families ? { families: options.families } : {}) });
  const fixtureErrors: CaseResult[] = loaded.errors.map((e) => ({
    id: e.id, family: e.family, op: '-', subject: '-', kind: 'fixture', status: 'error', tier: null, maxAbsError: null, maxRelError: null,
    maxUlp: null, maxUlpRelative: null, worst: null, leakedTensors: null, durationMs: 0, message: e.error.message,
  }));
  const raw = loaded.fixtures.map((f) => loaded.raw.get(f.id));
  const timeoutMs = options.timeoutMs ?? 15 * 60_000;
  const stale: Array<Expectation & { backend: string }> = [];

  const backends = await pool(options.backends, options.jobs ?? 1, async (spec): Promise<BackendRun> => {
    const started = Date.now();
    const request: WorkerRequest = { backend: spec, fixtures: raw, ...(options.subjects ? { subjects: options.subjects } : {}) };
    const collected = spec.host === 'node' ? await runNodeBackend(request, timeoutMs) : await runBrowserBackend(request, timeoutMs);
    const cases = collected.status === 'unavailable' ? [] : [...fixtureErrors.map((c) => ({ ...c })), ...collected.cases];
    const expectations = await loadExpectations(spec.name, options.expectationsDir);
    if (collected.status !== 'unavailable') {
      const unused = applyExpectations(cases, expectations);
      // Only a complete run can tell that an entry is stale.
      if (collected.status === 'ok' && !options.subjects) stale.push(...unused.filter((e) => !options.families || options.families.includes(e.case.split('/')[0] ?? '')).map((e) => ({ ...e, backend: spec.name })));
    }
    const run: BackendRun = {
      name: spec.name,
      status: collected.status,
      ...(collected.reason ? { reason: collected.reason } : {}),
      device: collected.device,
      cases,
      durationMs: Date.now() - started,
    };
    options.onBackend?.(run);
    return run;
  });

  const total = zero();
  const byBackend: Report['summary']['byBackend'] = {};
  let unexpected = 0;
  for (const b of backends) {
    const counts = zero();
    // The worst ULP error among passing cases: how close the backend comes where it conforms.
    let maxUlpRelative: number | null = null;
    for (const c of b.cases) {
      counts[c.status]++;
      total[c.status]++;
      if (c.maxUlpRelative !== null && c.status === 'pass') maxUlpRelative = Math.max(maxUlpRelative ?? 0, c.maxUlpRelative);
    }
    byBackend[b.name] = { status: b.status, ...counts, maxUlpRelative };
    unexpected += counts.fail + counts.error + counts.xpass;
    if (b.status === 'error' || (b.status === 'unavailable' && options.require?.includes(b.name))) unexpected++;
  }
  const families = [...new Set([...loaded.fixtures.map((f) => f.family), ...loaded.errors.map((e) => e.family)])].sort();
  return {
    schemaVersion: 1,
    tool: { name: '@dlspec/conformance', version },
    createdAt: new Date().toISOString(),
    families,
    backends,
    summary: { byBackend, total, unexpected, staleExpectations: stale, ok: unexpected === 0 },
  };
}
