import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { choice, intUniform, logUniform, reverseLogUniform, uniform } from '../src/distributions.js';
import { runSearch } from '../src/driver.js';
import { defineSpace } from '../src/space.js';
import { coarseToFine } from '../src/strategies/coarse-to-fine.js';
import { gridSearch, latinHypercube, randomSearch, sobolSearch } from '../src/strategies/fixed.js';

const space = () => defineSpace({ lr: logUniform(1e-4, 1), beta: reverseLogUniform(0.9, 0.999), layers: intUniform(2, 4), activation: choice(['relu', 'tanh']) });
const distinct = (xs: unknown[]) => new Set(xs).size;

describe("the lecture's argument: random, not grid", () => {
  it('with one important dimension of two, n random trials try n values of it and a grid only sqrt(n)', async () => {
    const s = defineSpace({ alpha: logUniform(1e-4, 1), epsilon: logUniform(1e-10, 1e-6) });
    // Only alpha matters; its best value (10^-2.3) is not on the grid, as in practice.
    const objective = (p: { alpha: number }) => (Math.log10(p.alpha) + 2.3) ** 2;
    const random = await runSearch({ space: s, strategy: randomSearch(s, { trials: 25, seed: 1 }), objective, progress: false });
    const grid = await runSearch({ space: s, strategy: gridSearch(s, { points: 5 }), objective, progress: false });
    expect(distinct(random.trials.map((t) => t.params.alpha))).toBe(25);
    expect(distinct(grid.trials.map((t) => t.params.alpha))).toBe(5);
    // Trying more values of the one that matters finds a better one.
    expect(random.best!.value!).toBeLessThan(grid.best!.value!);
  });

  it('coarse to fine gets closer to the optimum of a bowl in log space than random search, with the same budget', async () => {
    const s = defineSpace({ lr: logUniform(1e-4, 1), beta: reverseLogUniform(0.9, 0.999) });
    // Optimum at lr = 3e-3, beta = 0.995; distances measured in log10 units.
    const bowl = (p: { lr: number; beta: number }) => (Math.log10(p.lr) - Math.log10(3e-3)) ** 2 + (Math.log10(1 - p.beta) - Math.log10(0.005)) ** 2;
    const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
    const results = await Promise.all(
      seeds.map(async (seed) => {
        const r = await runSearch({ space: s, strategy: randomSearch(s, { trials: 60, seed }), objective: bowl, progress: false });
        const c = await runSearch({ space: s, strategy: coarseToFine(s, { rounds: 3, trialsPerRound: 20, keep: 0.2, shrink: 0.3, seed }), objective: bowl, progress: false });
        expect(c.trials).toHaveLength(60);
        return [r.best!.value!, c.best!.value!] as const;
      }),
    );
    const mean = (k: 0 | 1) => results.reduce((a, x) => a + x[k], 0) / results.length;
    console.info(`bowl in log space, 60 trials, 20 seeds: random search mean best ${mean(0).toExponential(2)}, coarse to fine ${mean(1).toExponential(2)}; coarse to fine better in ${results.filter(([r, c]) => c < r).length}/20`);
    expect(mean(1)).toBeLessThan(mean(0) / 5);
    expect(results.filter(([r, c]) => c < r).length).toBeGreaterThanOrEqual(17);
  });
});

describe('strategies', () => {
  it('coarse to fine never leaves the original bounds and narrows its box round by round', async () => {
    const s = space();
    const record = await runSearch({ space: s, strategy: coarseToFine(s, { rounds: 4, trialsPerRound: 15, keep: 0.25, shrink: 0.5, seed: 3 }), objective: (p) => p.lr + (1 - p.beta), progress: false });
    for (const t of record.trials) {
      expect(t.params.lr).toBeGreaterThanOrEqual(1e-4);
      expect(t.params.lr).toBeLessThanOrEqual(1);
      expect(t.params.beta).toBeGreaterThanOrEqual(0.9);
      expect(t.params.beta).toBeLessThanOrEqual(0.999);
      expect([2, 3, 4]).toContain(t.params.layers);
    }
    const boxes = record.strategy.boxes as Array<Record<string, [number, number]>>;
    const widths = boxes.map((b) => b.lr![1] - b.lr![0]);
    expect(widths[3]!).toBeLessThan(widths[0]! / 4);
    // Minimizing lr drives the box to the low end of the log range.
    expect(record.best!.params.lr).toBeLessThan(1e-3);
  });
  it('Latin hypercube puts exactly one point in each of n strata of every dimension; Sobol fills the square evenly', async () => {
    const s = defineSpace({ a: uniform(0, 1), b: uniform(0, 1) });
    const lhs = latinHypercube(s, { trials: 16, seed: 2 }).next([]);
    for (const dim of ['a', 'b'] as const) expect(distinct(lhs.map((c) => Math.floor(c.params[dim] * 16)))).toBe(16);
    const sob = sobolSearch(s, { trials: 16 }).next([]);
    const quadrants = [0, 1, 2, 3].map((q) => sob.filter((c) => Math.floor(c.params.a * 2) + 2 * Math.floor(c.params.b * 2) === q).length);
    expect(quadrants).toEqual([4, 4, 4, 4]);
  });
  it('the same seed gives the same trials, in another process too', async () => {
    const s = space();
    const a = randomSearch(s, { trials: 5, seed: 42 }).next([]).map((c) => c.params);
    const b = randomSearch(s, { trials: 5, seed: 42 }).next([]).map((c) => c.params);
    expect(a).toEqual(b);
    expect(randomSearch(s, { trials: 5, seed: 43 }).next([]).map((c) => c.params)).not.toEqual(a);
    const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `import(${JSON.stringify(dist)}).then((m) => { const s = m.defineSpace({ lr: m.logUniform(1e-4, 1), beta: m.reverseLogUniform(0.9, 0.999), layers: m.intUniform(2, 4), activation: m.choice(['relu', 'tanh']) }); console.log(JSON.stringify(m.randomSearch(s, { trials: 5, seed: 42 }).next([]).map((c) => c.params))); })`;
    expect(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }))).toEqual(a);
  });
});

describe('the search driver', () => {
  it('pandas: one trial at a time, and a babysitter may change hyperparameters between epochs', async () => {
    const s = defineSpace({ lr: logUniform(1e-3, 1) });
    let inFlight = 0;
    let maxInFlight = 0;
    const record = await runSearch({
      space: s,
      strategy: randomSearch(s, { trials: 3, seed: 5 }),
      mode: 'pandas',
      objective: async (_p, trial) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        let loss = 1;
        for (let epoch = 1; epoch <= 4; epoch++) {
          loss *= 1 - trial.params.lr; // "training" with the current learning rate
          await trial.report(epoch, loss);
        }
        inFlight--;
        return loss;
      },
      babysit: ({ epoch }) => (epoch === 2 ? { lr: 0.5 } : undefined),
      progress: false,
    });
    expect(maxInFlight).toBe(1);
    for (const t of record.trials) {
      expect(t.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
      expect(t.history[2]!.params.lr).toBe(0.5); // epoch 3 ran with the babysitter's rate
      expect(t.value).toBeCloseTo((1 - t.params.lr) ** 2 * 0.25, 12);
    }
  });
  it('caviar: many trials in parallel up to the limit; a throwing trial is recorded and the rest go on; the JSON record is written', async () => {
    const s = space();
    let inFlight = 0;
    let maxInFlight = 0;
    const dir = await mkdtemp(join(tmpdir(), 'dlspec-search-'));
    const progress = new PassThrough();
    let shown = '';
    progress.on('data', (c: Buffer) => (shown += c.toString()));
    const record = await runSearch({
      space: s,
      strategy: randomSearch(s, { trials: 12, seed: 9 }),
      mode: 'caviar',
      concurrency: 3,
      objective: async (p) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        if (p.layers === 4) throw new RangeError('diverged');
        return p.lr;
      },
      record: join(dir, 'search.json'),
      progress,
      seed: 9,
    });
    expect(maxInFlight).toBe(3);
    expect(record.trials).toHaveLength(12);
    const failed = record.trials.filter((t) => t.status === 'error');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((t) => t.params.layers === 4 && t.error === 'RangeError: diverged')).toBe(true);
    expect(record.best!.params.layers).not.toBe(4);
    const saved = JSON.parse(await readFile(join(dir, 'search.json'), 'utf8'));
    expect(saved.trials).toHaveLength(12);
    expect(saved.strategy).toMatchObject({ strategy: 'random', trials: 12, seed: 9 });
    expect(shown).toMatch(/\[search\] 12 trials/);
  });
  it('refuses bad options and unknown dimensions by name', async () => {
    const s = space();
    expect(() => s.dimension('momentum')).toThrow(/^dimension must be one of lr, beta, layers, activation; got "momentum"/);
    await expect(runSearch({ space: s, strategy: randomSearch(s, { trials: 1, seed: 1 }), objective: () => 0, mode: 'panda' as never })).rejects.toThrow(/^mode must be pandas or caviar/);
    await expect(runSearch({ space: s, strategy: randomSearch(s, { trials: 1, seed: 1 }), objective: () => 0, concurrency: 0 })).rejects.toThrow(/^concurrency must be a positive integer; got 0/);
    const babysat = runSearch({ space: s, strategy: randomSearch(s, { trials: 1, seed: 1 }), mode: 'pandas', objective: async (_p, t) => (await t.report(1, 1), 1), babysit: () => ({ momentum: 0.9 }) as never, progress: false });
    await expect(babysat).resolves.toMatchObject({ trials: [{ status: 'error', error: expect.stringMatching(/dimension must be one of/) }] });
    expect(() => coarseToFine(s, { rounds: 0, trialsPerRound: 5, keep: 0.2, shrink: 0.5, seed: 1 })).toThrow(/^rounds must be a positive integer; got 0/);
    expect(() => coarseToFine(s, { rounds: 2, trialsPerRound: 5, keep: 0, shrink: 0.5, seed: 1 })).toThrow(/^keep must be in \(0, 1\]; got 0/);
    expect(() => gridSearch(s, { points: 0 })).toThrow(/^points must be a positive integer; got 0/);
    expect(() => defineSpace({})).toThrow(/^dimensions must name at least one dimension/);
  });
});
