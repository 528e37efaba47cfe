/**
 * Property (issue 11): every public function of @dlspec/samplers, given good or bad arguments,
 * returns a correct result or throws a typed error naming the argument; a throwing call draws
 * nothing from the random generator and runs no trial, and transformTensor (on cpu and wasm) leaves
 * no tensor behind.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareValues, createRandom, TIERS } from '@dlspec/core';
import { allButOne, anyNumber, attempt, attemptAsync, badTensorArg, buildTensor, tensorArg, TFJS_BACKENDS } from '@dlspec/core/testing';
import { choice, intUniform, LAST_U, logUniform, quantized, reverseLogUniform, uniform, type Distribution } from '../src/distributions.js';
import { runSearch } from '../src/driver.js';
import { defineSpace } from '../src/space.js';
import { distributionOf, transform, type TransformParams } from '../src/spec.js';
import { coarseToFine } from '../src/strategies/coarse-to-fine.js';
import { gridSearch, latinHypercube, randomSearch, sobolSearch } from '../src/strategies/fixed.js';
import { ranked } from '../src/strategies/types.js';
import { transformTensor } from '../src/tensor.js';
import { PARAMS } from './params.js';

/** u on a grid of 1/64: u n is exact in float32 and float64 alike. */
const unitGrid = fc.integer({ min: 0, max: 63 }).map((k) => k / 64);
const paramsArgs = allButOne(
  fc.record({ params: fc.constantFrom(...Object.values(PARAMS)), u: unitGrid as fc.Arbitrary<unknown>, x: fc.double({ min: -2, max: 2000, noNaN: true }) as fc.Arbitrary<unknown> }),
  (a) => ({
    params: fc.oneof(
      fc.constantFrom('low', 'high', 'q', 'distribution').chain((key) => fc.oneof(anyNumber, fc.constant('beta')).map((v) => ({ ...a.params, [key]: v }))),
      anyNumber,
    ),
    u: anyNumber,
    x: anyNumber,
  }),
);
const DISTRIBUTION_ARGS = ['params', 'distribution', 'low', 'high', 'q', 'base'];

describe('@dlspec/samplers distributions (float64): typed error or a value in range, no draw on a throw', () => {
  it('distributionOf, transform, the constructors, and each distribution transform, sample, cdf, describe', () => {
    fc.assert(
      fc.property(paramsArgs, fc.oneof(fc.constant('random'), anyNumber), (a, random) => {
        const p = a.params as TransformParams;
        const d = attempt(() => distributionOf(p), DISTRIBUTION_ARGS);
        if (!d.ok) return;
        // The same distribution by its constructor.
        const direct = attempt((): Distribution<number> => {
          const { distribution, low, high, q } = p;
          const make = { uniform, log_uniform: logUniform, reverse_log_uniform: reverseLogUniform, int_uniform: intUniform } as Record<string, (l: number, h: number) => Distribution<number>>;
          if (distribution === 'quantized_uniform') return quantized(uniform(low, high), q as number);
          if (distribution === 'quantized_log_uniform') return quantized(logUniform(low, high), q as number);
          return (make[distribution] ?? (() => choice([])))(low, high);
        }, [...DISTRIBUTION_ARGS, 'values']);
        expect(direct.ok).toBe(true);
        const { low, high } = d.value as Distribution<number> & { low: number; high: number };
        const x = attempt(() => d.value.transform(a.u as number), ['u']);
        if (x.ok) expect(x.value >= low && x.value <= high).toBe(true);
        const xs = attempt(() => transform(p, [a.u as number, 0, LAST_U]), ['u']);
        if (xs.ok) expect(Array.from(xs.value)).toEqual([a.u, 0, LAST_U].map((u) => d.value.transform(u as number)));
        expect(x.ok).toBe(xs.ok);
        const c = attempt(() => d.value.cdf(a.x as number), ['x']);
        if (c.ok) expect(c.value >= 0 && c.value <= 1).toBe(true);
        const [r, twin] = [random === 'random' ? createRandom(7) : random, createRandom(7)];
        const s = attempt(() => d.value.sample(r as never), ['random']);
        if (s.ok) expect(s.value).toBe(d.value.transform(twin.uniform()));
        expect(d.value.describe()).toMatchObject({ low: expect.any(Number) });
      }),
      { numRuns: 400 },
    );
  });

  it('choice', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.constantFrom('relu', 'tanh', 'gelu', 'elu'), { maxLength: 4 }), anyNumber), anyNumber, (values, u) => {
        const d = attempt(() => choice(values as string[]), ['values']);
        if (!d.ok) return;
        expect(new Set(values as string[]).size).toBe((values as string[]).length);
        const x = attempt(() => d.value.transform(u as number), ['u']);
        if (x.ok) expect(values).toContain(x.value);
        const c = attempt(() => d.value.cdf(u as never), ['x']);
        if (c.ok) expect(c.value).toBe(((values as unknown[]).indexOf(u) + 1) / (values as unknown[]).length);
      }),
      { numRuns: 200 },
    );
  });
});

describe.each(TFJS_BACKENDS)('transformTensor on %s: the float64 transform in float32, or a typed error, no tensor left', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });
  it('every distribution', () => {
    const args = allButOne(fc.record({ p: paramsArgs.map((a) => a.params), u: tensorArg(fc.integer({ min: 1, max: 5 }).map((n) => [n]), (s) => fc.array(unitGrid, { minLength: s[0]!, maxLength: s[0]! })) }), (a) => ({ u: badTensorArg(a.u) }));
    fc.assert(
      fc.property(args, (a) => {
        const u = buildTensor(tf, a.u);
        const before = tf.memory().numTensors;
        const r = attempt(() => transformTensor(a.p as TransformParams, u), [...DISTRIBUTION_ARGS, 'u']);
        if (r.ok) {
          // u's values are not read back on tfjs: compare where the float64 transform takes them.
          const reference = attempt(() => transform(a.p as TransformParams, a.u.values), ['u']);
          const want = reference.ok ? reference.value : Float64Array.from(r.value.dataSync());
          const exact = (a.p as TransformParams).distribution.includes('int') || (a.p as TransformParams).distribution.startsWith('quantized');
          const c = compareValues(r.value.dataSync(), want, exact ? TIERS.exact : TIERS['f32-op']);
          expect(c.pass, JSON.stringify(c.worst)).toBe(true);
          r.value.dispose();
        }
        expect(tf.memory().numTensors).toBe(before);
        if (u instanceof tf.Tensor) u.dispose();
      }),
      { numRuns: 150 },
    );
  });
});

describe('search spaces, strategies and the driver: typed error or candidates in range, no trial run on a throw', () => {
  const space = () => defineSpace({ lr: logUniform(1e-4, 1), layers: intUniform(2, 4), activation: choice(['relu', 'tanh']) });
  const count = fc.integer({ min: 1, max: 6 }) as fc.Arbitrary<unknown>;
  const unit = fc.constantFrom(0.2, 0.5, 1) as fc.Arbitrary<unknown>;
  it('defineSpace, at, sample, dimension and every strategy', () => {
    const args = allButOne(
      fc.record({ kind: fc.constantFrom('grid', 'random', 'latin', 'sobol', 'coarse'), points: count, trials: count, seed: fc.integer({ min: 0, max: 99 }) as fc.Arbitrary<unknown>, skip: fc.integer({ min: 0, max: 3 }) as fc.Arbitrary<unknown>, rounds: count, keep: unit, shrink: unit, direction: fc.constantFrom('minimize', 'maximize') as fc.Arbitrary<unknown>, u: fc.constant({ lr: 0.5, layers: 0, activation: 0.75 } as unknown), space: fc.constant('space' as unknown) }),
      () => ({ points: anyNumber, trials: anyNumber, seed: anyNumber, skip: anyNumber, rounds: anyNumber, keep: anyNumber, shrink: anyNumber, direction: anyNumber, u: fc.oneof(anyNumber, fc.record({ lr: anyNumber, layers: unitGrid }), fc.record({ lr: unitGrid, layers: unitGrid, activation: unitGrid, momentum: unitGrid })), space: fc.oneof(anyNumber, fc.constant({ names: ['lr'] })) }),
    );
    fc.assert(
      fc.property(args, (a) => {
        const s = a.space === 'space' ? space() : (a.space as ReturnType<typeof space>);
        const at = attempt(() => space().at(a.u as never), ['u']);
        if (at.ok) expect(at.value.params.layers).toBeGreaterThanOrEqual(2);
        const names = ['space', 'options', 'points', 'trials', 'seed', 'skip', 'rounds', 'trialsPerRound', 'keep', 'shrink', 'direction'];
        const strategy = attempt(() => {
          const o = a as unknown as { points: number; trials: number; seed: number; skip: number; rounds: number; keep: number; shrink: number; direction: 'minimize' };
          if (a.kind === 'grid') return gridSearch(s, { points: o.points });
          if (a.kind === 'random') return randomSearch(s, { trials: o.trials, seed: o.seed });
          if (a.kind === 'latin') return latinHypercube(s, { trials: o.trials, seed: o.seed });
          if (a.kind === 'sobol') return sobolSearch(s, { trials: o.trials, skip: o.skip });
          return coarseToFine(s, { rounds: o.rounds, trialsPerRound: o.trials, keep: o.keep, shrink: o.shrink, seed: o.seed, direction: o.direction });
        }, names);
        if (!strategy.ok) return;
        const batch = strategy.value.next([]);
        expect(batch.length).toBe(a.kind === 'grid' ? (a.points as number) ** 3 : (a.trials as number));
        for (const c of batch) expect(c.params.lr >= 1e-4 && c.params.lr <= 1 && [2, 3, 4].includes(c.params.layers)).toBe(true);
        expect(attempt(() => strategy.value.next(3 as never), ['history']).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('runSearch and ranked', async () => {
    const args = allButOne(
      fc.record({ mode: fc.constantFrom('pandas', 'caviar') as fc.Arbitrary<unknown>, concurrency: fc.integer({ min: 1, max: 3 }) as fc.Arbitrary<unknown>, direction: fc.constantFrom('minimize', 'maximize') as fc.Arbitrary<unknown>, objective: fc.constant('sum' as unknown), progress: fc.constant(false as unknown), seed: fc.constant(3 as unknown), record: fc.constant(undefined as unknown), strategy: fc.constant('random' as unknown), storage: fc.constant(undefined as unknown), resume: fc.constant(undefined as unknown), pruner: fc.constant(undefined as unknown), timeoutMs: fc.constant(undefined as unknown) }),
      () => ({ mode: anyNumber, concurrency: anyNumber, direction: anyNumber, objective: anyNumber, progress: anyNumber, seed: anyNumber, record: anyNumber, strategy: anyNumber, storage: anyNumber, resume: anyNumber, pruner: anyNumber, timeoutMs: anyNumber }),
    );
    await fc.assert(
      fc.asyncProperty(args, async (a) => {
        const s = space();
        let calls = 0;
        const objective = a.objective === 'sum' ? (p: { lr: number; layers: number }) => (calls++, p.lr + p.layers) : a.objective;
        const strategy = a.strategy === 'random' ? randomSearch(s, { trials: 4, seed: 1 }) : a.strategy;
        // A path drawn as a string (BAD_NUMBERS has '1') is a good one: kept inside a fresh directory.
        const inTmp = (p: unknown) => (typeof p === 'string' ? join(mkdtempSync(join(tmpdir(), 'dlspec-aon-')), p) : p);
        const options = { space: s, strategy, objective, mode: a.mode, concurrency: a.concurrency, direction: a.direction, progress: a.progress, seed: a.seed, record: inTmp(a.record), storage: inTmp(a.storage), resume: a.resume, pruner: a.pruner, timeoutMs: a.timeoutMs };
        const r = await attemptAsync(() => runSearch(options as never), ['options', 'space', 'strategy', 'objective', 'mode', 'concurrency', 'direction', 'progress', 'seed', 'record', 'babysit', 'storage', 'resume', 'pruner', 'timeoutMs']);
        if (!r.ok) expect(calls).toBe(0);
        else {
          expect(r.value.trials).toHaveLength(4);
          const best = ranked(r.value.trials, r.value.direction)[0]!;
          const values = r.value.trials.map((t) => t.value as number);
          expect(best.value).toBe(r.value.direction === 'minimize' ? Math.min(...values) : Math.max(...values));
        }
        expect(attempt(() => ranked([], a.direction as 'minimize'), ['direction']).ok).toBe(['minimize', 'maximize'].includes(a.direction as string));
      }),
      { numRuns: 100 },
    );
  });
});
