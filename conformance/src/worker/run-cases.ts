/**
 * Runs fixtures on whatever tfjs backend is active, in Node or in a browser page: creates the
 * inputs, counts tensors around each subject, compares the outputs the fixture holds under its
 * tier, and turns every throw into a result so one case never stops the others.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveTolerance, toleranceForPrecision, type ResolvedTolerance, type Tolerance } from '@dlspec/core';
import { findOp } from '../families/check.js';
import { FAMILIES } from '../families/index.js';
import type { OpFixture, Outputs, Subject } from '../families/op.js';
import { caseResult, fixtureError, type CaseKey, type CaseResult } from '../protocol/case-result.js';
import { compareOutputs } from './compare-outputs.js';
import { watchFailureLog } from './failure-log.js';
import { refusedRank } from './rank-refusal.js';
import type { ReadBack } from '../backends/types.js';

export interface RunOptions {
  /** Bits of float the backend stores: 16 widens float32 tiers to the f16 tier. */
  readonly precision: 16 | 32;
  /** Only subjects whose name contains one of these strings. */
  readonly subjects?: readonly string[];
  /** The subjects to draw from (default: every family's). */
  readonly registry?: readonly Subject[];
  readonly onResult?: (result: CaseResult) => void | Promise<void>;
  /** A line the backend writes when an op fails without throwing (Backend.failureLog): a case during which it appears fails. */
  readonly failureLog?: RegExp;
  /** How outputs are read back (Started.readBack): 'async' by default. */
  readonly readBack?: ReadBack;
}

export const ALL_SUBJECTS: readonly Subject[] = FAMILIES.flatMap((f) => f.subjects);

const now = () => (typeof performance === 'undefined' ? Date.now() : performance.now());
const keyOf = (fixture: OpFixture, subject: Subject): CaseKey => ({ id: fixture.id, family: fixture.family, op: fixture.op, subject: subject.name, kind: subject.kind });

async function runOne(fixture: OpFixture, subject: Subject, tolerances: (output: string) => ResolvedTolerance, options: Pick<RunOptions, 'failureLog' | 'readBack'>): Promise<CaseResult> {
  const { failureLog } = options;
  const tier = tolerances('').tier; // the case's own tolerance (no output is named ''), reported as the result's tier
  const started = now();
  const inputs = tf.tidy(() => Object.fromEntries(Object.entries(fixture.inputs).map(([k, t]) => [k, tf.tensor(Float32Array.from(t.data), [...t.shape], 'float32')])));
  const before = tf.memory().numTensors;
  let returned: Outputs = {};
  let outcome: Awaited<ReturnType<typeof compareOutputs>> | null = null;
  let threw: unknown = null;
  const watch = failureLog && watchFailureLog(failureLog);
  let logged: string[] = [];
  try {
    returned = await subject.run(inputs, fixture);
    outcome = await compareOutputs(subject, fixture, returned, tolerances, options.readBack);
  } catch (error) {
    threw = error;
  } finally {
    logged = watch?.stop() ?? [];
    tf.dispose(Object.values(returned).filter((o): o is tf.Tensor => o instanceof tf.Tensor));
  }
  const leakedTensors = tf.memory().numTensors - before;
  tf.dispose(Object.values(inputs));
  const durationMs = now() - started;
  if (threw !== null || outcome === null) {
    const message = threw instanceof Error ? `${threw.name}: ${threw.message}` : String(threw);
    // A backend that refuses a rank it does not implement is a skip with its own message. Tensors
    // left behind are named: tf.grad keeps what its tape saved when the differentiated function throws.
    const rank = refusedRank(threw);
    if (rank !== null) {
      const left = leakedTensors === 0 ? '' : `; ${leakedTensors} tensor(s) left behind as it threw`;
      return caseResult(keyOf(fixture, subject), 'skip', `refuses rank ${rank}: ${message}${left}`, { leakedTensors, durationMs });
    }
    return caseResult(keyOf(fixture, subject), 'error', message, { tier, leakedTensors, durationMs });
  }
  if (outcome.compared.length === 0) {
    // Nothing compared is never a pass; a leak still fails.
    const nothing = `${subject.name} gives ${outcome.notCompared.join(', ')}, none of which the fixture holds (it holds ${Object.keys(fixture.expected).join(', ')})`;
    return leakedTensors === 0
      ? caseResult(keyOf(fixture, subject), 'skip', nothing, { leakedTensors, durationMs, notCompared: outcome.notCompared })
      : caseResult(keyOf(fixture, subject), 'fail', `${nothing}; leaked ${leakedTensors} tensor(s)`, { tier, leakedTensors, durationMs, notCompared: outcome.notCompared });
  }
  const problems = [...outcome.problems];
  // An op the backend said it did not compute: its outputs are leftover memory, whatever they happen to be.
  if (logged.length > 0) problems.unshift(`the backend reported a failed op while this case ran ("${logged[0]}"${logged.length > 1 ? ` and ${logged.length - 1} more` : ''}); its outputs are not its results`);
  if (leakedTensors !== 0) problems.push(`leaked ${leakedTensors} tensor(s)`);
  return caseResult(keyOf(fixture, subject), problems.length === 0 ? 'pass' : 'fail', problems.join('; '), { ...outcome.measures, tier, leakedTensors, durationMs, notCompared: outcome.notCompared });
}

/** The tolerance of each output: the fixture's per-output bound or its own, widened on half-float backends. */
function tolerancesOf(fixture: OpFixture, precision: 16 | 32): (output: string) => ResolvedTolerance {
  const resolve = (t: Tolerance) => toleranceForPrecision(resolveTolerance(t), precision);
  const caseTolerance = resolve(fixture.tolerance);
  const perOutput = new Map(Object.entries(fixture.outputTolerance).map(([k, t]) => [k, resolve(t)]));
  return (output) => perOutput.get(output) ?? caseTolerance;
}

export async function runFixtures(fixtures: readonly OpFixture[], options: RunOptions): Promise<CaseResult[]> {
  const registry = options.registry ?? ALL_SUBJECTS;
  const results: CaseResult[] = [];
  const emit = async (r: CaseResult) => {
    results.push(r);
    await options.onResult?.(r);
  };
  for (const fixture of fixtures) {
    // The host checked the fixture against its op: the op record is found by family and op, and its subjects by identity.
    const op = findOp(FAMILIES, fixture);
    const ofOp = registry.filter((s) => s.op === op);
    if (ofOp.length === 0) {
      await emit(fixtureError(fixture, `no subject implements op "${fixture.op}"`));
      continue;
    }
    let tolerances: (output: string) => ResolvedTolerance;
    try {
      tolerances = tolerancesOf(fixture, options.precision);
    } catch (error) {
      await emit(fixtureError(fixture, String(error)));
      continue;
    }
    for (const subject of ofOp.filter((s) => !options.subjects || options.subjects.some((want) => s.name.includes(want)))) {
      let supported: boolean | string;
      try {
        // A subject that is not about this fixture is not listed; one that cannot run it is a skip with the reason.
        supported = (subject.appliesTo?.(fixture) ?? true) && (subject.supports?.(fixture) ?? true);
      } catch (error) {
        await emit(caseResult(keyOf(fixture, subject), 'error', `deciding whether it runs this case threw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`));
        continue;
      }
      if (supported === false) continue;
      if (supported !== true) await emit(caseResult(keyOf(fixture, subject), 'skip', supported));
      else await emit(await runOne(fixture, subject, tolerances, options));
    }
  }
  return results;
}
