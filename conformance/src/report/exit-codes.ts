/**
 * The exit status of a run, the same for the command line, runConformance and CI. When several
 * hold, the first in this order wins: 2 (nothing ran), 1, 3, 4.
 */
export const EXIT = {
  /** Every case pass, xfail or skip. */
  ok: 0,
  /** An unexpected fail, error or xpass, or a backend that crashed. */
  unexpected: 1,
  /** Bad usage or configuration, caught before any backend starts (and a report file that cannot be written). */
  usage: 2,
  /** A backend named explicitly (by name, by module, or in --require) could not start. */
  notStarted: 3,
  /** The selection ran no case. */
  nothingRan: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The table for --help and the README. */
export const EXIT_HELP = `Exit status:
  0  every case pass, xfail or skip
  1  an unexpected fail, error or xpass, or a backend that crashed
  2  bad usage or configuration (named option and value; nothing started), or a report file that cannot be written
  3  a backend named explicitly (by name, by module, or in --require) could not start
  4  the selection ran no case`;
