/** Every reporter. A new reporter is one module (copy report/json.ts) and one line here. */
import { InvalidArgumentError } from '@dlspec/core';
import { consoleReporter } from './console.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import type { Reporter } from './types.js';

export const REPORTERS: readonly Reporter[] = [consoleReporter, jsonReporter, junitReporter, htmlReporter, markdownReporter];

export function resolveReporters(names: readonly string[], argument = '--reporter'): Reporter[] {
  if (names.length === 0) throw new InvalidArgumentError(argument, '', `is empty: name one or more of ${REPORTERS.map((r) => r.name).join(', ')}`);
  return [...new Set(names)].map((name) => {
    const reporter = REPORTERS.find((r) => r.name === name);
    if (!reporter) throw new InvalidArgumentError(argument, name, `must be one of ${REPORTERS.map((r) => r.name).join(', ')}`);
    return reporter;
  });
}
