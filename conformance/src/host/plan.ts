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

export interface Plan {
  readonly fixtures: OpFixture[];
  /** One error case per fixture that cannot run, to report on every backend that starts. */
  readonly errors: CaseResult[];
  readonly families: string[];
}

export async function planFixtures(families: readonly Family[], options: LoadOptions = {}): Promise<Plan> {
  const loaded = await loadFixtures(options);
  const errors = loaded.errors.map((e) => fixtureError(e, e.error.message));
  const fixtures: OpFixture[] = [];
  for (const f of loaded.fixtures) {
    try {
      fixtures.push(checkFixture(f, families));
    } catch (error) {
      errors.push(fixtureError(f, error instanceof FixtureError ? error.message : String(error)));
    }
  }
  const names = [...new Set([...loaded.fixtures.map((f) => f.family), ...loaded.errors.map((e) => e.family)])].sort();
  return { fixtures, errors, families: names };
}
