/**
 * What a case is: one fixture run by one subject on one backend. The only place a result is
 * built (`caseResult`, and `fixtureError` for a fixture that cannot run), on either side of the worker boundary.
 */
export type CaseStatus = 'pass' | 'fail' | 'xfail' | 'xpass' | 'skip' | 'error';

/** The worst element of a case: where it is, what came and what was expected, and the bound it was held to (|got - expected| <= atol + rtol |expected|). */
export interface Worst {
  readonly output: string;
  readonly index: number;
  readonly got: number;
  readonly expected: number;
  readonly ulp: number;
  readonly rtol: number;
  readonly atol: number;
}

/** The measured part of a result (numbers may be Infinity in memory). */
export interface Measures {
  /** The tier the comparison used (f16 replaces float32 tiers on half-float backends). */
  readonly tier: string | null;
  readonly maxAbsError: number | null;
  readonly maxRelError: number | null;
  readonly maxUlp: number | null;
  /** maxUlp where |expected| >= atol / rtol: the ULP figure that compares backends. */
  readonly maxUlpRelative: number | null;
  readonly worst: Worst | null;
  readonly leakedTensors: number | null;
  readonly durationMs: number;
  /** Outputs the subject gave that the fixture does not hold (a fixture may hold a subset of its op's outputs). */
  readonly notCompared: readonly string[];
}

/** Which case a result is about. */
export interface CaseKey {
  readonly id: string;
  readonly family: string;
  readonly op: string;
  /** The subject's name; '-' for a result about the fixture itself. */
  readonly subject: string;
  readonly kind: 'reference' | 'builtin' | 'fixture';
}

export interface CaseResult extends CaseKey, Measures {
  status: CaseStatus;
  message: string;
}

const UNMEASURED: Measures = { tier: null, maxAbsError: null, maxRelError: null, maxUlp: null, maxUlpRelative: null, worst: null, leakedTensors: null, durationMs: 0, notCompared: [] };

export function caseResult(key: CaseKey, status: CaseStatus, message: string, measures: Partial<Measures> = {}): CaseResult {
  return { ...key, ...UNMEASURED, ...measures, status, message };
}

/** A fixture that cannot run at all (unreadable, refused by its op, no subject): an error under its own id. */
export function fixtureError(fixture: { id: string; family: string; op?: string }, message: string): CaseResult {
  return caseResult({ id: fixture.id, family: fixture.family, op: fixture.op ?? '-', subject: '-', kind: 'fixture' }, 'error', message);
}

export type BackendStatus = 'ok' | 'unavailable' | 'error';

/** One backend's part of a run. */
export interface BackendRun {
  readonly name: string;
  /** For a backend module: the module as the user named it. */
  readonly module?: string;
  readonly status: BackendStatus;
  readonly reason?: string;
  readonly device: Record<string, unknown>;
  readonly cases: CaseResult[];
  readonly durationMs: number;
}
