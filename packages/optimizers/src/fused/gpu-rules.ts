/**
 * The fused update rules for the GPU backends, written once as expressions that read the same in
 * GLSL and WGSL (+ - * /, sqrt, max, abs on a float or a vector of four), the loops of cpu-rules.ts
 * line for line. A GPU program has one output, so each output (the new W, each new slot) is its
 * own program: `formulasFor` keeps the formulas that output needs, and names the inputs and the
 * step's scalars (uniforms, so that one compiled program serves every step) that they read.
 * What changes the formulas (the rule, RMSprop's centered form and momentum, whether there is L2
 * weight decay) is in the program's key; the numbers are not.
 */
import type { Slot } from '../config.js';
import type { FusedAttrs } from './attrs.js';

/** One output's program: the formulas in order (name = expression), the last one the output. */
export interface Formulas {
  /** A name for the program's shape of formulas (shader caches key on it with the shapes). */
  readonly key: string;
  readonly lets: readonly (readonly [string, string])[];
  /** The inputs read (w, g, slots), in the kernel's input order. */
  readonly inputs: readonly ('w' | 'g' | Slot)[];
  /** The uniforms read, with their values for this step. */
  readonly uniforms: readonly string[];
}

/** The step's scalars as the formulas name them (c1 = 1 - b1 etc. are rounded once, as the cpu loops compute them in double). */
const UNIFORMS: Record<string, (a: FusedAttrs) => number> = {
  alpha: (a) => a.alpha,
  keep: (a) => a.keep,
  wd: (a) => a.wd,
  beta: (a) => a.beta,
  gs: (a) => a.gs,
  la: (a) => a.la,
  lb: (a) => a.lb,
  b1: (a) => a.b1,
  c1: (a) => 1 - a.b1,
  b2: (a) => a.b2,
  c2: (a) => 1 - a.b2,
  rho: (a) => a.rho,
  cRho: (a) => 1 - a.rho,
  k2: (a) => a.k2,
  epsIn: (a) => a.epsIn,
  epsOut: (a) => a.epsOut,
  eps: (a) => a.eps,
  mom: (a) => a.mom,
};

export const uniformValues = (f: Formulas, a: FusedAttrs): number[] => f.uniforms.map((u) => (UNIFORMS[u] as (a: FusedAttrs) => number)(a));

type Lets = [string, string][];

/** Each rule's formulas from the fed gradient gf to every new value (xNew); cpu-rules.ts has the same, as loops. */
const RULES: Record<FusedAttrs['rule'], (a: FusedAttrs) => Lets> = {
  gd: () => [['wNew', 'keep * (w - alpha * gf)']],
  momentum: () => [
    ['vNew', 'beta * v + gs * gf'],
    ['wNew', 'keep * (w - alpha * (la * gf + lb * vNew))'],
  ],
  rmsprop: (a) => [
    ['sNew', 'b2 * s + c2 * gf * gf'],
    ...((a.centered ? [['mgNew', 'b2 * mg + c2 * gf'], ['x', 'sNew - mgNew * mgNew']] : [['x', 'sNew']]) as Lets),
    ['delta', '(alpha * gf) / (sqrt(x + epsIn) + epsOut)'],
    ...((a.mom !== 0 ? [['vNew', 'mom * v + delta'], ['wNew', 'keep * (w - vNew)']] : [['wNew', 'keep * (w - delta)']]) as Lets),
  ],
  adam: () => [
    ['vNew', 'b1 * v + c1 * gf'],
    ['sNew', 'b2 * s + c2 * gf * gf'],
    ['wNew', 'keep * (w - (alpha * vNew) / (sqrt(k2 * sNew) + eps))'],
  ],
  // Adamax keeps its infinity norm u in the slot s.
  adamax: () => [
    ['vNew', 'b1 * v + c1 * gf'],
    ['sNew', 'max(b2 * s, abs(gf))'],
    ['wNew', 'keep * (w - (alpha * vNew) / (sNew + eps))'],
  ],
  adagrad: () => [
    ['sNew', 's + gf * gf'],
    ['wNew', 'keep * (w - (alpha * gf) / (sqrt(sNew + epsIn) + epsOut))'],
  ],
  adadelta: () => [
    ['sNew', 'rho * s + cRho * gf * gf'],
    ['update', '(sqrt(d + eps) / sqrt(sNew + eps)) * gf'],
    ['dNew', 'rho * d + cRho * update * update'],
    ['wNew', 'keep * (w - alpha * update)'],
  ],
};

const FUNCTIONS = new Set(['sqrt', 'max', 'abs']);
const names = (expr: string) => (expr.match(/[A-Za-z_]\w*/g) ?? []).filter((n) => !FUNCTIONS.has(n));

/** The formulas of one output (`w` or a slot) of a step with these attrs, pruned to what it reads. */
export function formulasFor(a: FusedAttrs, output: 'w' | Slot): Formulas {
  // L2 weight decay feeds the rule dW + wd W, only when set (as the cpu loops: 0 * an infinite W is not added).
  const all: Lets = [['gf', a.wd !== 0 ? 'g + wd * w' : 'g'], ...RULES[a.rule](a)];
  const needed = new Set([`${output}New`]);
  const lets = all
    .reverse()
    .filter(([name, expr]) => needed.has(name) && names(expr).every((n) => needed.add(n)))
    .reverse();
  const read = [...needed];
  const inputs = (['w', 'g', ...a.slots] as const).filter((x) => read.includes(x));
  const uniforms = Object.keys(UNIFORMS).filter((u) => read.includes(u));
  const variant = [a.rule, a.centered ? 'centered' : '', a.mom !== 0 ? 'mom' : '', a.wd !== 0 ? 'wd' : ''].filter(Boolean).join('-');
  return { key: `${variant}:${output}`, lets, inputs, uniforms };
}

/** A GPU program's name for an input (w: W, mg: Mg; tfjs derives its getters from it). */
export const variableName = (x: string) => x.charAt(0).toUpperCase() + x.slice(1);

/**
 * The formulas as statements of a shading language: `read` declares the local of an input,
 * `declare` a local, `uniform` names a uniform; locals are l_<name>, the output is l_<output>New.
 */
export function emit(f: Formulas, read: (local: string, input: string) => string, declare: (local: string, expr: string) => string, uniform: (u: string) => string): string {
  const rename = (expr: string) => expr.replace(/[A-Za-z_]\w*/g, (n) => (FUNCTIONS.has(n) ? n : f.uniforms.includes(n) ? uniform(n) : `l_${n}`));
  return [...f.inputs.map((x) => read(`l_${x}`, variableName(x))), ...f.lets.map(([n, e]) => declare(`l_${n}`, rename(e)))].join('\n');
}

/**
 * A GPU kernel's outputs, the new W and then the new slots, each by its own program (`run`, given
 * the output's formulas and the inputs they read); if one throws, those made before are disposed.
 */
export function perOutput<T>(a: FusedAttrs, inputs: Record<string, T>, run: (f: Formulas, output: 'w' | Slot, read: T[]) => T, dispose: (x: T) => void): T[] {
  const outs: T[] = [];
  try {
    for (const output of ['w', ...a.slots] as ('w' | Slot)[]) {
      const f = formulasFor(a, output);
      outs.push(run(f, output, f.inputs.map((x) => inputs[x] as T)));
    }
  } catch (error) {
    outs.forEach(dispose);
    throw error;
  }
  return outs;
}
