/**
 * Colour on terminals: on when the stream is a terminal, off under NO_COLOR (any value), on under
 * FORCE_COLOR (except "0"), as https://no-color.org and Node's own tools read them.
 */
import pc from 'picocolors';
import type { CaseStatus } from '../protocol/case-result.js';

export type Paint = (status: CaseStatus | 'ok' | 'unavailable' | 'dim', text: string) => string;

export function colourWanted(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0';
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export function painter(on: boolean): Paint {
  const c = pc.createColors(on);
  const by = { pass: c.green, ok: c.green, xfail: c.yellow, skip: c.gray, unavailable: c.gray, dim: c.dim, fail: c.red, error: c.red, xpass: c.magenta } as const;
  return (status, text) => by[status](text);
}

/** No colour: what files and non-terminals get. */
export const plain: Paint = (_status, text) => text;
