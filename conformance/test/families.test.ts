/**
 * Every registry is derived from the family records; these checks hold the records together
 * where the types cannot: no op name twice, every subject's op belongs to its family, every op has
 * a reference subject and a case, and a case's params are ones its op accepts.
 */
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../src/families/index.js';

describe('the family records', () => {
  it('name each op once across all families', () => {
    const names = FAMILIES.flatMap((f) => f.ops.map((o) => o.name));
    expect(new Set(names).size).toBe(names.length);
  });

  for (const family of FAMILIES) {
    describe(family.name, () => {
      it('has subjects only for its own ops, and a reference subject for each op', () => {
        for (const s of family.subjects) expect(family.ops, `${s.name} is for op ${s.op.name}, not an op of ${family.name}`).toContain(s.op);
        for (const op of family.ops) expect(family.subjects.some((s) => s.op === op && s.kind === 'reference'), `no reference subject for ${op.name}`).toBe(true);
      });

      it('has cases only for its own ops, at least one for each, with params their op accepts', () => {
        for (const c of family.cases) {
          expect(family.ops, `case ${c.name}`).toContain(c.op);
          const parsed = c.op.params.safeParse(c.params);
          expect(parsed.success, `case ${c.name}: ${parsed.error?.message}`).toBe(true);
          expect(c.profile === undefined, `case ${c.name}: profile ${c.profile} on op ${c.op.name}`).toBe(c.op.profiles.length === 0);
        }
        for (const op of family.ops) expect(family.cases.some((c) => c.op === op), `no case for ${op.name}`).toBe(true);
      });

      it('names subjects uniquely within an op', () => {
        for (const op of family.ops) {
          const names = family.subjects.filter((s) => s.op === op).map((s) => s.name);
          expect(new Set(names).size).toBe(names.length);
        }
      });
    });
  }
});
