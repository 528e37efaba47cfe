/**
 * What a run will feed the backends: the fixtures read, hash-checked and decoded by
 * @dlspec/fixtures, then checked against their ops. Every fixture that fails any of it becomes an
 * error case under its own id, and the others run.
 */
import { FixtureError } from '@dlspec/core';
import { loadFixtures, type LoadOptions } from '@dlspec/fixtures/node';
import { checkFixture } from '../families/check.js';
import type { Family, OpFixture } from '../families/op.js';
import { fixtureError, type CaseResult } from '../protocol/case-result.js';
import { matches } from './expectations.js';

export interface Plan {
  readonly fixtures: OpFixture[];
  /** One error case per fixture that cannot run, to report on every backend that starts. */
  readonly errors: CaseResult[];
  readonly families: string[];
  /** The fixture set's name from its manifest (dlspec's own: "dlspec"); expectations are scoped to it. */
  readonly set?: string;
}

/** `cases`: only fixtures whose id matches one of these (exact ids or globs). */
export async function planFixtures(families: readonly Family[], options: LoadOptions = {}, cases?: readonly string[]): Promise<Plan> {
  const loaded = await loadFixtures(options);
  const wanted = (id: string) => !cases || cases.some((pattern) => matches(pattern, id));
  const errors = loaded.errors.filter((e) => wanted(e.id)).map((e) => fixtureError(e, e.error.message));
  const fixtures: OpFixture[] = [];
  for (const f of loaded.fixtures.filter((x) => wanted(x.id))) {
    try {
      fixtures.push(checkFixture(f, families));
    } catch (error) {
      errors.push(fixtureError(f, error instanceof FixtureError ? error.message : String(error)));
    }
  }
  const names = [...new Set([...fixtures.map((f) => f.family), ...errors.map((e) => e.family)])].sort();
  return { fixtures, errors, families: names, ...(loaded.set === undefined ? {} : { set: loaded.set }) };
}
