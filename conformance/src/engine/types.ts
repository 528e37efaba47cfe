/** What the JSON report holds for one case on one backend (numbers may be Infinity in memory). */
export type CaseStatus = 'pass' | 'fail' | 'xfail' | 'xpass' | 'skip' | 'error';

export interface Worst {
  readonly output: string;
  readonly index: number;
  readonly got: number;
  readonly expected: number;
}

export interface CaseResult {
  readonly id: string;
  readonly family: string;
  readonly op: string;
  readonly subject: string;
  readonly kind: 'reference' | 'builtin' | 'fixture';
  status: CaseStatus;
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
  message: string;
}

export type BackendStatus = 'ok' | 'unavailable' | 'error';

export interface BackendRun {
  readonly name: string;
  readonly status: BackendStatus;
  readonly reason?: string;
  readonly device: Record<string, unknown>;
  readonly cases: CaseResult[];
  readonly durationMs: number;
}
