/** `dlspec list`: families, ops, cases, subjects and backends, each backend with whether it can run here. */
import type { Command } from 'commander';
import { loadFixtures } from '@dlspec/fixtures/node';
import { BACKENDS } from '../backends/index.js';
import { FAMILIES } from '../families/index.js';
import { chromiumUnavailable } from '../host/chromium-page.js';
import { fixtureFolder } from '../host/fixtures-folder.js';

export interface Listing {
  readonly families: Array<{
    name: string;
    ops: Array<{ name: string; summary: string; params: string[]; inputs: string[]; optionalInputs: string[]; outputs: string[]; profiles: string[]; subjects: Array<{ name: string; kind: string }> }>;
  }>;
  readonly cases: Array<{ id: string; op: string; family: string }>;
  readonly fixtureErrors: Array<{ id: string; error: string }>;
  readonly backends: Array<{ name: string; host: string; description: string; available: boolean; reason?: string }>;
}

/** `fixtures`: a fixture set's folder or data folder (see fixtureFolder); default dlspec's own. */
export async function listing(fixtures?: string): Promise<Listing> {
  const loaded = await loadFixtures(fixtures === undefined ? {} : fixtureFolder('--fixtures', fixtures, process.cwd()));
  return {
    families: FAMILIES.map((f) => ({
      name: f.name,
      ops: f.ops.map((op) => ({
        name: op.name,
        summary: op.summary,
        params: Object.keys(op.params.shape),
        inputs: [...op.inputs],
        optionalInputs: [...op.optionalInputs],
        outputs: [...op.outputs],
        profiles: [...op.profiles],
        subjects: f.subjects.filter((s) => s.op === op).map((s) => ({ name: s.name, kind: s.kind })),
      })),
    })),
    cases: loaded.fixtures.map((x) => ({ id: x.id, op: x.op, family: x.family })),
    fixtureErrors: loaded.errors.map((e) => ({ id: e.id, error: e.error.message })),
    backends: BACKENDS.map((b) => {
      const reason = b.host === 'browser' ? chromiumUnavailable() : (b.unavailable?.() ?? null);
      return { name: b.name, host: b.host, description: b.description, available: reason === null, ...(reason === null ? {} : { reason }) };
    }),
  };
}

function text(l: Listing): string {
  const lines: string[] = [];
  for (const f of l.families) {
    lines.push(`family ${f.name}`);
    for (const op of f.ops) {
      lines.push(`  op ${op.name}: ${op.summary}`);
      lines.push(`    params: ${op.params.join(', ') || '-'}; inputs: ${[...op.inputs, ...op.optionalInputs.map((i) => `${i}?`)].join(', ') || '-'}; outputs: ${op.outputs.join(', ')}${op.profiles.length ? `; profiles: ${op.profiles.join(', ')}` : ''}`);
      for (const s of op.subjects) lines.push(`    subject ${s.name} (${s.kind})`);
      const cases = l.cases.filter((c) => c.family === f.name && c.op === op.name).map((c) => c.id.slice(f.name.length + 1));
      lines.push(`    cases (${cases.length}): ${cases.join(', ') || '-'}`);
    }
  }
  for (const e of l.fixtureErrors) lines.push(`fixture ${e.id}: ${e.error}`);
  lines.push('backends');
  for (const b of l.backends) lines.push(`  ${b.name.padEnd(12)} ${b.available ? 'can run here' : `cannot run here: ${b.reason}`} (${b.host}; ${b.description})`);
  return `${lines.join('\n')}\n`;
}

export function listCommand(program: Command): void {
  program
    .command('list')
    .description('list families, ops, cases, subjects and backends (each with whether it can run here)')
    .option('--json', 'as JSON')
    .option('--fixtures <dir>', "a fixture set instead of @dlspec/fixtures's (its folder, or its data folder)")
    .action(async (opts: { json?: boolean; fixtures?: string }) => {
      const l = await listing(opts.fixtures);
      process.stdout.write(opts.json ? `${JSON.stringify(l, null, 2)}\n` : text(l));
    });
}
