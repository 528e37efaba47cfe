/**
 * A trial worker: a child process of the search with its own module instances, so its own tfjs
 * engine and backend. It loads the objective module once, then runs one trial at a time as the
 * search sends them; `report` asks the search (and its pruner) whether to go on.
 */
import type { FromWorker, ToWorker } from './protocol.js';

type Objective = (params: Record<string, unknown>, trial: { id: number; params: Record<string, unknown>; report(epoch: number, value: number): Promise<void> }) => unknown;

const send = (message: FromWorker): void => void process.send?.(message);
const decisions = new Map<string, (decision: { prune: boolean; error?: string }) => void>();
let objective: Objective | null = null;

/** The same code as TrialPruned (study/pruned.ts), which the search recognises. */
class TrialPruned extends Error {
  readonly code = 'TRIAL_PRUNED';
  constructor(readonly epoch: number) {
    super(`pruned at epoch ${epoch}`);
    this.name = 'TrialPruned';
  }
}

async function run(id: number, params: Record<string, unknown>): Promise<void> {
  const trial = {
    id,
    params,
    report: async (epoch: number, value: number): Promise<void> => {
      const { prune, error } = await new Promise<{ prune: boolean; error?: string }>((resolve) => {
        decisions.set(`${id}:${epoch}`, resolve);
        send({ type: 'report', id, epoch, value });
      });
      decisions.delete(`${id}:${epoch}`);
      if (error !== undefined) throw new Error(error);
      if (prune) throw new TrialPruned(epoch);
    },
  };
  try {
    send({ type: 'done', id, value: await (objective as Objective)(params, trial) });
  } catch (error) {
    const e = error as { code?: unknown; epoch?: unknown; name?: unknown; message?: unknown };
    if (e?.code === 'TRIAL_PRUNED') send({ type: 'pruned', id, epoch: Number(e.epoch) });
    else send({ type: 'failed', id, name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) });
  }
}

process.on('message', (message: ToWorker) => {
  if (message.type === 'load') {
    import(message.module).then(
      (mod: Record<string, unknown>) => {
        const fn = mod[message.exportName];
        if (typeof fn !== 'function') return send({ type: 'load-error', message: `exports no function ${JSON.stringify(message.exportName)} (its exports: ${Object.keys(mod).join(', ') || 'none'})` });
        objective = fn as Objective;
        send({ type: 'loaded' });
      },
      (error: unknown) => send({ type: 'load-error', message: `cannot be loaded: ${error instanceof Error ? error.message : String(error)}` }),
    );
  } else if (message.type === 'run') void run(message.id, message.params);
  else decisions.get(`${message.id}:${message.epoch}`)?.(message);
});

// The search process is gone (killed, or done): stop, rather than run a trial nobody will record.
process.on('disconnect', () => process.exit(0));
