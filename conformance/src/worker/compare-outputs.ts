/**
 * Compare what a subject returned with what the fixture holds. A fixture may hold any non-empty
 * subset of its op's outputs: those are compared, the rest of what the subject gave is listed as
 * not compared. Returning an output its op does not have is the subject's error.
 */
import * as tf from '@tensorflow/tfjs';
import { compareTensors, ulpDistance32, type ResolvedTolerance } from '@dlspec/core';
import type { OpFixture, Outputs, Subject } from '../families/op.js';
import type { Measures, Worst } from '../protocol/case-result.js';
import type { ReadBack } from '../backends/types.js';

export interface Compared {
  readonly compared: string[];
  readonly notCompared: string[];
  readonly problems: string[];
  readonly measures: Pick<Measures, 'maxAbsError' | 'maxRelError' | 'maxUlp' | 'maxUlpRelative' | 'worst'>;
}

const describe = (x: number) => (Object.is(x, -0) ? '-0' : String(x));

/** An output's values: read synchronously where the backend asks for it (Started.readBack). */
async function valuesOf(out: tf.Tensor, readBack: ReadBack): Promise<Float32Array> {
  return (readBack === 'sync' ? out.dataSync() : await out.data()) as Float32Array;
}

export async function compareOutputs(subject: Subject, fixture: OpFixture, returned: Outputs, tolerances: (output: string) => ResolvedTolerance, readBack: ReadBack = 'async'): Promise<Compared> {
  const keys = Object.keys(returned).filter((k) => returned[k] !== undefined);
  if (keys.length === 0) throw new Error(`${subject.name} returned no output`);
  const foreign = keys.filter((k) => !subject.op.outputs.includes(k));
  if (foreign.length) throw new Error(`${subject.name} returned ${foreign.join(', ')}, which op ${subject.op.name} does not have (its outputs: ${subject.op.outputs.join(', ')})`);
  const compared = keys.filter((k) => k in fixture.expected);
  const problems: string[] = [];
  let [maxAbsError, maxRelError, maxUlp, maxUlpRelative] = [0, 0, 0, 0];
  let worst: Worst | null = null;
  let worstRank = -1;
  for (const key of compared) {
    const out = returned[key]!;
    const data = out instanceof tf.Tensor ? await valuesOf(out, readBack) : out.data;
    const bounds = tolerances(key);
    const c = compareTensors({ shape: out.shape, data }, fixture.expected[key]!, bounds, { signedZero: fixture.signedZero });
    maxAbsError = Math.max(maxAbsError, c.maxAbsError);
    maxRelError = Math.max(maxRelError, c.maxRelError);
    maxUlp = Math.max(maxUlp, c.maxUlp);
    maxUlpRelative = Math.max(maxUlpRelative, c.maxUlpRelative);
    // The worst element: a failing one before any passing one, then the most ULPs.
    const rank = c.pass ? 0 : 1 + c.maxUlp;
    if (c.worst && rank > worstRank) {
      worstRank = rank;
      worst = { output: key, index: c.worst.index, got: c.worst.got, expected: c.worst.expected, ulp: ulpDistance32(c.worst.got, Math.fround(c.worst.expected)), rtol: bounds.rtol, atol: bounds.atol };
    }
    if (!c.pass && c.worst) {
      problems.push(`${key}: ${c.mismatches} of ${c.size} values outside ${bounds.tier} (worst [${c.worst.index}]: got ${describe(c.worst.got)}, expected ${describe(c.worst.expected)}; max ${c.maxUlp} ULP)`);
    }
  }
  return { compared, notCompared: keys.filter((k) => !compared.includes(k)), problems, measures: { maxAbsError, maxRelError, maxUlp, maxUlpRelative, worst } };
}
