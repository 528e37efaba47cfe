import type { BackendRun, CaseStatus } from '../protocol/case-result.js';
import type { Expectation } from '../host/expectations.js';
import type { Paint } from './colour.js';
import type { ExitCode } from './exit-codes.js';

export type Counts = Record<CaseStatus, number>;

/** A backend's line of the summary: its status, its counts, and its worst ULP among passing cases. */
export type BackendSummary = Counts & { readonly status: string; readonly maxUlpRelative: number | null };

/** Everything a run produced; reporters only read it. */
export interface Report {
  /** 2 since 0.2: cases list the outputs they did not compare (`notCompared`); the summary has `notStarted` and `exitCode`. */
  readonly schemaVersion: 2;
  readonly tool: { readonly name: string; readonly version: string };
  readonly createdAt: string;
  readonly families: readonly string[];
  readonly backends: BackendRun[];
  readonly summary: {
    readonly byBackend: Record<string, BackendSummary>;
    readonly total: Counts;
    /** fail + error + xpass on backends that ran, plus backends that crashed. */
    readonly unexpected: number;
    /** Backends named explicitly (by name, by module, or in --require) that did not start. */
    readonly notStarted: readonly string[];
    readonly staleExpectations: ReadonlyArray<Expectation & { backend: string }>;
    /** The command's exit status for this run (see EXIT in report/exit-codes.ts). */
    readonly exitCode: ExitCode;
    readonly ok: boolean;
  };
}

export interface RenderOptions {
  /** How statuses are coloured (reporters for terminals only; default none). */
  readonly paint?: Paint;
}

/**
 * A reporter is one module behind this interface: it turns a Report into text. The command line
 * writes that text to the file named by its `fileOption` (or that option's default), or to stdout.
 */
export interface Reporter {
  readonly name: string;
  readonly description: string;
  /** The command-line option naming its output file; none: it writes to stdout. */
  readonly fileOption?: { readonly flag: string; readonly description: string; readonly default?: string };
  render(report: Report, options?: RenderOptions): string;
}
