/**
 * Which backends a run starts, from --backend and --require: "all" (every built-in this machine
 * can run: one that cannot is reported unavailable), built-in names, and backend modules. A
 * backend named explicitly (by name, by module, or in --require) that does not start makes the run
 * exit 3; --require adds its backends to the run.
 */
import { InvalidArgumentError } from '@dlspec/core';
import { BACKENDS, BACKEND_NAMES } from '../backends/index.js';
import { moduleBackend, type ModuleRef } from '../backends/module.js';
import type { Backend } from '../backends/types.js';
import { resolveModule } from './resolve-module.js';

export interface Selected {
  readonly backend: Backend;
  /** Named by the user (not only through "all"): not starting is a failure of the run. */
  readonly explicit: boolean;
  readonly module?: ModuleRef;
}

/** Split comma or space separated values, as the command line gives them. */
export const splitList = (values: readonly string[]) => values.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);

function one(value: string, argument: string, cwd: string): Selected {
  const builtin = BACKENDS.find((b) => b.name === value);
  if (builtin) return { backend: builtin, explicit: true };
  const found = resolveModule(value, cwd);
  if ('problem' in found) throw new InvalidArgumentError(argument, value, `must be "all", a built-in backend (${BACKEND_NAMES.join(', ')}) or a backend module (a path, or a package name); this one ${found.problem}`);
  return { backend: moduleBackend(found), explicit: true, module: found };
}

export function selectBackends(backend: readonly string[] | undefined, require: readonly string[] = [], cwd = process.cwd()): Selected[] {
  const wanted = splitList(backend ?? []);
  if (backend !== undefined && backend.length > 0 && wanted.length === 0) throw new InvalidArgumentError('--backend', backend.join(','), 'is empty: name "all", built-in backends or backend modules');
  const required = splitList(require);
  if (require.length > 0 && required.length === 0) throw new InvalidArgumentError('--require', require.join(','), 'is empty: name the backends that must start');
  const selected: Selected[] = [];
  const add = (s: Selected) => {
    const same = selected.findIndex((x) => x.backend.name === s.backend.name && x.module?.url === s.module?.url);
    if (same < 0) selected.push(s);
    else if (s.explicit) selected[same] = s;
  };
  for (const value of wanted.length ? wanted : ['all']) {
    if (value === 'all') for (const b of BACKENDS) add({ backend: b, explicit: false });
    else add(one(value, '--backend', cwd));
  }
  for (const value of required) add(one(value, '--require', cwd));
  return selected;
}
