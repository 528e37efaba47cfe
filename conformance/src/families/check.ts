/**
 * A fixture checked against its op when it is loaded: the family and op exist, params are
 * exactly the op's (parsed, defaults filled), the profile is there only on ops with conventions,
 * inputs are the op's, and expected holds a non-empty subset of its outputs. Anything else is a
 * FixtureError naming the file, the key and the value; the host turns it into that fixture's
 * error case and the run goes on.
 */
import { FixtureError } from '@dlspec/core';
import type { Fixture } from '@dlspec/fixtures';
import type { z } from 'zod';
import type { AnyOp, Family, OpFixture } from './op.js';

const show = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v));
const list = (keys: readonly string[]) => (keys.length ? keys.join(', ') : 'none');

/** One zod issue as "params.<key> = <value>: <what is wrong>". */
function describeIssue(op: AnyOp, params: Record<string, unknown>, issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  const at = (keys: string[]) => `params.${keys.join('.')}`;
  const valueAt = (keys: string[]) => keys.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), params);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys
      .map((k) => `${at([...path, k])} = ${show(valueAt([...path, k]))}: op ${op.name} has no such param (it takes ${list(Object.keys(op.params.shape))})`)
      .join('; ');
  }
  const value = valueAt(path);
  if (value === undefined && issue.code === 'invalid_type') return `${at(path)} is missing: op ${op.name} requires it`;
  return `${at(path)} = ${show(value)}: ${issue.message}`;
}

export function findOp(families: readonly Family[], fixture: Pick<Fixture, 'family' | 'op'>): AnyOp {
  const family = families.find((f) => f.name === fixture.family);
  if (!family) {
    throw new Error(
      `family ${show(fixture.family)} is not one this tool knows (${list(families.map((f) => f.name))}): a fixture lies in the folder of the family whose op it holds (e.g. softmax/<case>.json for op softmax)`,
    );
  }
  const op = family.ops.find((o) => o.name === fixture.op);
  if (!op) throw new Error(`op ${show(fixture.op)} is not an op of family ${family.name} (${list(family.ops.map((o) => o.name))})`);
  return op;
}

export function checkFixture(fixture: Fixture, families: readonly Family[], file = `${fixture.id}.json`): OpFixture {
  const fail = (problem: string): never => {
    throw new FixtureError(file, problem);
  };
  let op: AnyOp;
  try {
    op = findOp(families, fixture);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (op.profiles.length === 0 && fixture.profile !== undefined) fail(`profile = ${show(fixture.profile)}: op ${op.name} has no conventions, so its fixtures carry no profile`);
  if (op.profiles.length > 0 && (fixture.profile === undefined || !op.profiles.includes(fixture.profile))) {
    fail(`profile = ${show(fixture.profile)}: op ${op.name} needs one of ${list(op.profiles)}`);
  }
  const parsed = op.params.safeParse(fixture.params);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => describeIssue(op, fixture.params, i)).join('; '));
  const inputs = Object.keys(fixture.inputs);
  const allowed = [...op.inputs, ...op.optionalInputs];
  for (const key of op.inputs) if (!inputs.includes(key)) fail(`inputs.${key} is missing: op ${op.name} requires it (inputs: ${list(op.inputs)}${op.optionalInputs.length ? `; optional: ${list(op.optionalInputs)}` : ''})`);
  for (const key of inputs) if (!allowed.includes(key)) fail(`inputs.${key}: op ${op.name} has no such input (it takes ${list(allowed)})`);
  const inputsProblem = op.checkInputs?.(fixture.inputs, parsed.data);
  if (inputsProblem !== undefined) fail(inputsProblem);
  const expected = Object.keys(fixture.expected);
  if (expected.length === 0) fail(`expected is empty: give at least one of op ${op.name}'s outputs (${list(op.outputs)})`);
  for (const key of expected) if (!op.outputs.includes(key)) fail(`expected.${key}: op ${op.name} has no such output (its outputs: ${list(op.outputs)})`);
  return { ...fixture, params: parsed.data };
}
