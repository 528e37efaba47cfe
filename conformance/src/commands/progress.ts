/**
 * What a run shows while it runs, on stderr. On a terminal: a line per backend rewritten in place
 * (results so far, the family it is in, seconds elapsed). Elsewhere (CI logs, pipes): plain lines
 * when a backend starts, enters a family and finishes.
 */
import type { BackendRun, CaseResult } from '../protocol/case-result.js';
import type { Paint } from '../report/colour.js';

interface State {
  results: number;
  family: string;
  readonly started: number;
  done?: BackendRun;
}

export interface Progress {
  start(backend: string): void;
  result(backend: string, result: CaseResult): void;
  finish(run: BackendRun): void;
  stop(): void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function progress(stream: NodeJS.WriteStream, paint: Paint): Progress {
  const states = new Map<string, State>();
  const line = (name: string, s: State) =>
    s.done
      ? `${name}: ${paint(s.done.status === 'ok' ? 'ok' : s.done.status === 'error' ? 'error' : 'unavailable', s.done.status)}${s.done.reason ? ` (${s.done.reason.split('\n')[0]!.slice(0, 120)})` : ''}, ${s.done.cases.length} results in ${seconds(s.done.durationMs)}`
      : `${name}: ${s.results} results${s.family ? ` · ${s.family}` : ''} · ${seconds(Date.now() - s.started)}`;

  if (!stream.isTTY) {
    return {
      start: (b) => {
        states.set(b, { results: 0, family: '', started: Date.now() });
        stream.write(`[dlspec] ${b}: started\n`);
      },
      result: (b, r) => {
        const s = states.get(b);
        if (!s) return;
        s.results++;
        if (r.family !== s.family) {
          s.family = r.family;
          stream.write(`[dlspec] ${b}: ${r.family} (${s.results} results so far, ${seconds(Date.now() - s.started)})\n`);
        }
      },
      finish: (run) => stream.write(`[dlspec] ${line(run.name, { results: run.cases.length, family: '', started: 0, done: run })}\n`),
      stop: () => {},
    };
  }

  // A terminal: redraw the block of backend lines in place.
  let drawn = 0;
  let stopped = false;
  const draw = () => {
    const lines = [...states].map(([name, s]) => `\x1b[2K[dlspec] ${line(name, s)}`);
    stream.write(`${drawn ? `\x1b[${drawn}A\r` : ''}${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  const timer = setInterval(draw, 250);
  timer.unref();
  return {
    start: (b) => {
      states.set(b, { results: 0, family: '', started: Date.now() });
      draw();
    },
    result: (b, r) => {
      const s = states.get(b);
      if (!s) return;
      s.results++;
      s.family = r.family;
    },
    finish: (run) => {
      // A module backend was started under its specifier and is named by what it registered.
      const s = states.get(run.module ?? run.name);
      if (s) s.done = run;
      draw();
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      if (states.size) draw();
    },
  };
}
