// Objectives that worker processes load by module path and export name (plain JavaScript: a
// worker runs outside vitest). Each does what its name says, for real.
import { setTimeout as sleep } from 'node:timers/promises';

/** Every way a trial can end, chosen by params.kind. */
export async function outcomes(params, trial) {
  await trial.report(1, params.x);
  switch (params.kind) {
    case 'ok':
    case 'after':
      return params.x;
    case 'nan':
      return NaN;
    case '+inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case 'throw':
      throw new RangeError('diverged');
    case 'string':
      return 'not a number';
    case 'crash':
      process.exit(3);
    case 'kill':
      process.kill(process.pid, 'SIGKILL');
      return 0;
    case 'hang':
      for (;;);
    default:
      throw new Error(`unknown kind ${params.kind}`);
  }
}

/** A learning curve: value(epoch) = x + 1 / epoch, reported each epoch for `epochs` epochs. */
export async function curve(params, trial) {
  let value = 0;
  for (let epoch = 1; epoch <= 9; epoch++) {
    value = params.x + 1 / epoch;
    await trial.report(epoch, value);
  }
  return value;
}

/** CPU-bound: about `ms` of arithmetic in this thread, then a value of the params. */
export function busy(params) {
  const until = performance.now() + (params.ms ?? 300);
  let s = 0;
  while (performance.now() < until) for (let i = 0; i < 1e5; i++) s += Math.sqrt(i);
  return (Math.log10(params.lr) + 2) ** 2 + (s > 0 ? 0 : 1);
}

/** A bowl in log space, three reported epochs with a pause between: slow enough to be killed mid-search. */
export async function bowl(params, trial) {
  const value = (Math.log10(params.lr) + 2.5) ** 2 + (params.layers - 3) ** 2 / 10;
  for (let epoch = 1; epoch <= 3; epoch++) {
    await sleep(Number(process.env.DLSPEC_TEST_EPOCH_MS ?? 20));
    await trial.report(epoch, value * (1 + 1 / epoch));
  }
  return value;
}

export const notAFunction = 42;
