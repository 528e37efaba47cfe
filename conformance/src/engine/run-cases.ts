/**
 * Runs fixtures on whatever tfjs backend is active, in Node or in a browser page: creates the
 * inputs, counts tensors around each subject, reads and compares its outputs under the
 * fixture's tier, and turns every throw into a result so one case never stops the others.
 */
import * as tf from '@tensorflow/tfjs';
import { compareTensors, resolveTolerance, toleranceForPrecision, type ResolvedTolerance, type Tensor64 } from '@dlspec/core';
import type { Fixture } from '@dlspec/fixtures';
import { subjectsFor } from '../subjects/index.js';
import type { Outputs, Subject } from '../subjects/types.js';
import type { CaseResult, Worst } from './types.js';

export interface RunOptions {
  /** Bits of float the backend stores: 16 widens float32 tiers to the f16 tier. */
  readonly precision: 16 | 32;
  /** Only subjects whose name contains one of these strings. */
  readonly subjects?: readonly string[];
  /** The subjects to draw from (default: every registered subject). */
  readonly registry?: readonly Subject[];
  readonly onResult?: (result: CaseResult) => void;
}

const now = () => (typeof performance === 'undefined' ? Date.now() : performance.now());

function base(fixture: Fixture, subject: Subject): Pick<CaseResult, 'id' | 'family' | 'op' | 'subject' | 'kind'> {
  return { id: fixture.id, family: fixture.family, op: fixture.op, subject: subject.name, kind: subject.kind };
}

const empty = { tier: null, maxAbsError: null, maxRelError: null, maxUlp: null, maxUlpRelative: null, worst: null, leakedTensors: null } as const;

function describe(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

async function runOne(fixture: Fixture, subject: Subject, tolerances: (output: string) => ResolvedTolerance): Promise<CaseResult> {
  const tolerance = tolerances(''); // the case's own tolerance (no output is named ''), reported as the result's tier
  const started = now();
  const inputs = tf.tidy(() =>
    Object.fromEntries(Object.entries(fixture.inputs).map(([k, t]) => [k, tf.tensor(Float32Array.from(t.data), [...t.shape], 'float32')])),
  );
  const before = tf.memory().numTensors;
  let outputs: Outputs = {};
  const tensors = () => Object.values(outputs).filter((o): o is tf.Tensor => o instanceof tf.Tensor);
  const problems: string[] = [];
  let maxAbsError = 0;
  let maxRelError = 0;
  let maxUlp = 0;
  let maxUlpRelative = 0;
  let worst: Worst | null = null;
  let worstRank = -1;
  let threw: unknown = null;
  try {
    outputs = await subject.run(inputs, fixture);
    const keys = Object.keys(outputs);
    if (keys.length === 0) throw new Error(`${subject.name} returned no output`);
    for (const key of keys) {
      const expected = fixture.expected[key];
      if (!expected) throw new Error(`${subject.name} returned "${key}", which the fixture does not expect (it has ${Object.keys(fixture.expected).join(', ')})`);
      const out = outputs[key] as tf.Tensor | Tensor64;
      const data = out instanceof tf.Tensor ? ((await out.data()) as Float32Array) : out.data;
      const bounds = tolerances(key);
      const c = compareTensors({ shape: out.shape, data }, expected, bounds, { signedZero: fixture.signedZero });
      maxAbsError = Math.max(maxAbsError, c.maxAbsError);
      maxRelError = Math.max(maxRelError, c.maxRelError);
      maxUlp = Math.max(maxUlp, c.maxUlp);
      maxUlpRelative = Math.max(maxUlpRelative, c.maxUlpRelative);
      const rank = c.pass ? 0 : 1 + c.maxUlp;
      if (c.worst && rank > worstRank) {
        worstRank = rank;
        worst = { output: key, ...c.worst };
      }
      if (!c.pass && c.worst) {
        problems.push(
          `${key}: ${c.mismatches} of ${c.size} values outside ${bounds.tier} (worst [${c.worst.index}]: got ${describe(c.worst.got)}, expected ${describe(c.worst.expected)}; max ${c.maxUlp} ULP)`,
        );
      }
    }
  } catch (error) {
    threw = error;
  } finally {
    tf.dispose(tensors());
  }
  const leakedTensors = tf.memory().numTensors - before;
  tf.dispose(Object.values(inputs));
  const durationMs = now() - started;
  if (threw !== null) {
    const message = threw instanceof Error ? `${threw.name}: ${threw.message}` : String(threw);
    return { ...base(fixture, subject), ...empty, tier: tolerance.tier, leakedTensors, durationMs, status: 'error', message };
  }
  if (leakedTensors !== 0) problems.push(`leaked ${leakedTensors} tensor(s)`);
  return {
    ...base(fixture, subject),
    tier: tolerance.tier,
    maxAbsError,
    maxRelError,
    maxUlp,
    maxUlpRelative,
    worst,
    leakedTensors,
    durationMs,
    status: problems.length === 0 ? 'pass' : 'fail',
    message: problems.join('; '),
  };
}

export async function runFixtures(fixtures: readonly Fixture[], options: RunOptions): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  const emit = (r: CaseResult) => {
    results.push(r);
    options.onResult?.(r);
  };
  for (const fixture of fixtures) {
    const subjects = subjectsFor(fixture.op, options.registry)
      .filter((s) => s.appliesTo?.(fixture) ?? true)
      .filter((s) => !options.subjects || options.subjects.some((want) => s.name.includes(want)));
    if (subjectsFor(fixture.op, options.registry).length === 0) {
      emit({ id: fixture.id, family: fixture.family, op: fixture.op, subject: '-', kind: 'fixture', ...empty, durationMs: 0, status: 'error', message: `no subject implements op "${fixture.op}"` });
      continue;
    }
    let tolerances: (output: string) => ResolvedTolerance;
    try {
      const resolve = (t: Parameters<typeof resolveTolerance>[0]) => toleranceForPrecision(resolveTolerance(t), options.precision);
      const caseTolerance = resolve(fixture.tolerance);
      const perOutput = new Map(Object.entries(fixture.outputTolerance).map(([k, t]) => [k, resolve(t)]));
      tolerances = (output) => perOutput.get(output) ?? caseTolerance;
    } catch (error) {
      emit({ id: fixture.id, family: fixture.family, op: fixture.op, subject: '-', kind: 'fixture', ...empty, durationMs: 0, status: 'error', message: String(error) });
      continue;
    }
    for (const subject of subjects) {
      const supported = subject.supports?.(fixture) ?? true;
      if (supported !== true) {
        emit({ ...base(fixture, subject), ...empty, durationMs: 0, status: 'skip', message: supported });
        continue;
      }
      emit(await runOne(fixture, subject, tolerances));
    }
  }
  return results;
}
