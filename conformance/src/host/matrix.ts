/**
 * The conformance matrix: every selected backend (a worker each), every planned fixture,
 * expectations applied, summarized into the Report. Arguments were checked by api.ts.
 */
import { createRequire } from 'node:module';
import { pool } from '@dlspec/core';
import type { BackendRun, CaseResult } from '../protocol/case-result.js';
import type { WorkerRequest } from '../protocol/messages.js';
import { summarize } from '../report/count.js';
import type { Report } from '../report/types.js';
import { startPageWorker } from './chromium-page.js';
import { collect, type Collected } from './collect.js';
import { applyExpectations, builtinExpectations, expectationsFor, type Expectation, type ExpectationsFile } from './expectations.js';
import { bundleModule } from './bundle-module.js';
import { startNodeWorker } from './node-process.js';
import { longestFirst } from './schedule.js';
import type { Plan } from './plan.js';
import type { Selected } from './select-backends.js';

export interface MatrixInput {
  readonly selected: readonly Selected[];
  readonly plan: Plan;
  /** Files given with --expectations, already read and checked. */
  readonly expectations: readonly ExpectationsFile[];
  /** The built-in expectations folder (tests point it elsewhere). */
  readonly expectationsDir?: string;
  readonly subjects?: readonly string[];
  /** The run is a subset (--case, --subject): stale expectations cannot be told. */
  readonly partial: boolean;
  readonly families?: readonly string[];
  readonly timeoutMs: number;
  readonly jobs: number;
  readonly onBackend?: (run: BackendRun) => void;
  /** As a backend starts (by the name it was selected under) and as each of its results comes in. */
  readonly onStart?: (backend: string) => void;
  readonly onResult?: (backend: string, result: CaseResult) => void;
}

const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** Start the backend's worker where it runs, and collect what it streams until done, exit or timeout. */
async function runBackend(s: Selected, request: WorkerRequest, timeoutMs: number, onResult?: (r: CaseResult) => void): Promise<Collected> {
  if (s.backend.host === 'node') return collect(startNodeWorker(s.backend, request), timeoutMs, onResult);
  if (s.module) {
    const bundled = await bundleModule(s.module);
    if ('problem' in bundled) return { status: 'error', reason: bundled.problem, device: {}, cases: [] };
    request = { ...request, backend: bundled };
  }
  const page = await startPageWorker(s.backend, request);
  return 'handle' in page ? collect(page.handle, timeoutMs, onResult) : { status: page.status, reason: page.reason, device: {}, cases: [] };
}

export async function runMatrix(input: MatrixInput): Promise<Report> {
  const stale: Array<Expectation & { backend: string }> = [];

  // Longest first (the backends' cost), so the short ones fill in at the end; reported in selection order.
  const cost = (s: Selected) => (s.module ? 2 : (s.backend.cost ?? 1));
  const order = longestFirst(input.selected, cost);
  const runs = await pool(order, input.jobs, async (index): Promise<BackendRun> => {
    const s = input.selected[index] as Selected;
    const started = Date.now();
    const finish = (run: Omit<BackendRun, 'durationMs'>): BackendRun => {
      const done = { ...run, durationMs: Date.now() - started };
      input.onBackend?.(done);
      return done;
    };
    // A built-in backend's own expectations on this fixture set: a corrupt file fails that backend alone, before it starts.
    let own: ExpectationsFile | null = null;
    if (!s.module) {
      try {
        own = await builtinExpectations(s.backend.name, input.expectationsDir, input.plan.set);
      } catch (error) {
        return finish({ name: s.backend.name, status: 'error', reason: (error as Error).message, device: {}, cases: [] });
      }
    }
    const request: WorkerRequest = { backend: s.module ?? s.backend.name, fixtures: input.plan.fixtures, ...(input.subjects ? { subjects: input.subjects } : {}) };
    input.onStart?.(s.backend.name);
    const collected = await runBackend(s, request, input.timeoutMs, input.onResult && ((r) => input.onResult?.(s.backend.name, r)));
    const name = collected.name ?? s.backend.name;
    const cases = collected.status === 'unavailable' ? [] : [...input.plan.errors.map((c) => ({ ...c })), ...collected.cases];
    if (collected.status !== 'unavailable') {
      const expectations = expectationsFor(name, input.plan.set, own, input.expectations);
      const unused = applyExpectations(cases, expectations);
      // Only a complete run can tell that an entry is stale.
      if (collected.status === 'ok' && !input.partial) {
        const inFamilies = (e: Expectation) => !input.families || input.families.some((f) => e.case === f || e.case.startsWith(`${f}/`));
        stale.push(...unused.filter(inFamilies).map((e) => ({ ...e, backend: name })));
      }
    }
    return finish({
      name,
      ...(s.module ? { module: s.module.specifier } : {}),
      status: collected.status,
      ...(collected.reason ? { reason: collected.reason } : {}),
      device: collected.device,
      cases,
    });
  });

  const backends = input.selected.map((_, i) => runs[order.indexOf(i)] as BackendRun);
  const explicit = new Set(input.selected.filter((s) => s.explicit).map((s) => s.module?.specifier ?? s.backend.name));
  return {
    schemaVersion: 2,
    tool: { name: '@dlspec/conformance', version },
    createdAt: new Date().toISOString(),
    families: input.plan.families,
    backends,
    summary: summarize(backends, stale, (b) => explicit.has(b.module ?? b.name)),
  };
}
