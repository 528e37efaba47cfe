/**
 * Interleaved medians of two tasks with tinybench (runs in Node and in the Chromium page): a
 * warm-up call of each, then `rounds` short tinybench runs, each timing the built-in and ours one
 * after the other (which goes first alternates), so both see the same load. Each call's outputs
 * are read back (GPU work is counted) and disposed. The ratio is the median of the per-round
 * ratios of p50 latencies; > 1 means ours is slower.
 */
import { Bench } from 'tinybench';

/**
 * Plan per mode: at most `rounds` rounds of tinybench's `time` (ms) per task, within `budget` ms
 * per row; a row whose call takes long gets fewer rounds (at least `minRounds`) of one call each,
 * and one whose call takes longer than the budget only its warm-up pair.
 */
// The full plan's budget keeps a whole run under 10 minutes on 2 cores (about 240 rows on 7
// backends): rows of 25 ms to 300 ms a call keep their 5 rounds, slower ones get fewer.
export const PLANS = { full: { rounds: 5, time: 100, budget: 3000, minRounds: 1 }, quick: { rounds: 3, time: 100, budget: 2000, minRounds: 1 } };

/** The q-quantile of xs, interpolated between order statistics (q = 0.5: the median). */
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const k = Math.floor(at);
  return k + 1 < s.length ? s[k] + (s[k + 1] - s[k]) * (at - k) : s[k];
};
const median = (xs) => quantile(xs, 0.5);

/** A call of fn(ctx) whose tensors (anything with .data and .dispose) are read back and disposed. */
const readBack = (tf, fn, ctx) => async () => {
  const out = [fn(ctx)].flat().filter((t) => typeof t?.data === 'function' && typeof t.dispose === 'function');
  if (out.some((t) => typeof t.assign === 'function')) throw new Error('a bench task returned a tf.Variable: return a probe of it (probe() in bench/lib/probe.mjs)');
  await Promise.all(out.map((t) => t.data()));
  tf.dispose(out);
};

/**
 * Time one row: { name, setup(), builtin(ctx), ours(ctx), teardown(ctx) }. A slow row (one call
 * over a quarter of the round's budget) runs once per task per round.
 */
export async function measureRow(tf, row, plan) {
  const before = tf.memory().numTensors;
  const ctx = await row.setup();
  const tasks = { tfjs: readBack(tf, row.builtin, ctx), dlspec: readBack(tf, row.ours, ctx) };
  const samples = { tfjs: [], dlspec: [] };
  const ratios = [];
  let error = null;
  let warmUpOnly = false;
  try {
    // Warm-up: first calls compile shaders, allocate state and JIT the JavaScript.
    const t0 = performance.now();
    await tasks.tfjs();
    const t1 = performance.now();
    await tasks.dlspec();
    const warm = { tfjs: t1 - t0, dlspec: performance.now() - t1 };
    let callMs = (warm.tfjs + warm.dlspec) / 2;
    if (callMs > plan.budget) {
      // A call longer than a row's whole budget (10M steps and large batches on SwiftShader take
      // seconds to minutes): the warm-up pair is the one round, whose compile and first
      // allocations are then a small part of it; another round would double the run's time.
      samples.tfjs.push(warm.tfjs);
      samples.dlspec.push(warm.dlspec);
      ratios.push(warm.dlspec / warm.tfjs);
      warmUpOnly = true;
    } else if (callMs < plan.time / 4) {
      const t1 = performance.now();
      await tasks.tfjs();
      await tasks.dlspec();
      callMs = (performance.now() - t1) / 2;
    }
    const slow = callMs > plan.time / 4;
    const rounds = warmUpOnly ? 0 : slow ? Math.min(plan.rounds, Math.max(plan.minRounds, Math.floor(plan.budget / (2 * callMs)))) : plan.rounds;
    for (let r = 0; r < rounds; r++) {
      const bench = new Bench({ time: slow ? 0 : plan.time, iterations: slow ? 1 : 4, warmup: false, throws: true });
      const order = r % 2 ? ['dlspec', 'tfjs'] : ['tfjs', 'dlspec'];
      for (const name of order) bench.add(name, tasks[name]);
      await bench.run();
      const p50 = Object.fromEntries(bench.tasks.map((t) => [t.name, t.result.latency.p50]));
      samples.tfjs.push(p50.tfjs);
      samples.dlspec.push(p50.dlspec);
      ratios.push(p50.dlspec / p50.tfjs);
    }
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } finally {
    try {
      await row.teardown?.(ctx);
    } catch (e) {
      error ??= `teardown: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  const leakedTensors = tf.memory().numTensors - before;
  if (error) return { error, leakedTensors };
  // The rounds' spread: a median above 1.0 whose lower quartile is not is within the noise of the machine.
  return { tfjsMs: median(samples.tfjs), dlspecMs: median(samples.dlspec), ratio: median(ratios), ...(warmUpOnly ? { warmUpOnly } : {}), ratioQ1: quantile(ratios, 0.25), ratioQ3: quantile(ratios, 0.75), rounds: ratios.length, leakedTensors };
}

/** Every row of every bench module on the active backend. */
export async function runModules(tf, modules, { backend, quick, shape, onRow }) {
  const plan = quick ? PLANS.quick : PLANS.full;
  const shapes = shape ? shape.split(',') : null;
  const results = [];
  for (const mod of modules) {
    for (const row of (await mod.rows({ tf, backend, quick: quick && !shapes })).filter((r) => !shapes || shapes.includes(r.shape))) {
      const t0 = performance.now();
      const measured = await measureRow(tf, row, plan);
      // The row's whole time (set-up, warm-up, rounds, teardown): where a run's minutes go.
      const wallMs = Math.round(performance.now() - t0);
      const result = { family: mod.family, backend, name: row.name, shape: row.shape, ...(row.bytes ? { bytesPerCall: row.bytes } : {}), ...measured, wallMs };
      results.push(result);
      await onRow?.(result);
    }
    // What a module made once for all its rows (a module's own teardown, optional).
    await mod.teardown?.();
  }
  return results;
}

/** A worker's whole job (Node child or page): start conformance's `backend`, run every row, and send each message. */
export async function serveBench(tf, backend, modules, { quick, shape, send }) {
  try {
    const started = await backend.start();
    await send({ type: 'started', device: started.device });
  } catch (error) {
    await send({ type: 'unavailable', reason: error.message });
    return;
  }
  await runModules(tf, modules, { backend: backend.name, quick, shape, onRow: (row) => send({ type: 'row', row }) });
  await send({ type: 'done', numTensors: tf.memory().numTensors });
}
