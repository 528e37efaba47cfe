/**
 * `dlspec fixtures generate|check`: build every fixture from its case definition and the
 * family's float64 spec, then write it, or compare it byte for byte with what is on disk.
 */
import { createRequire } from 'node:module';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createRandom, FixtureError, type Tensor64, type Tolerance } from '@dlspec/core';
import { decodeFixture, DLSPEC_SET, encodeTensors, fixturePath, fixtureText, SCHEMA_VERSION, type EncodedFixture } from '@dlspec/fixtures';
import { DATA_DIR, MANIFEST_FILE, manifestText, readManifest, sha256, writeFilesAtomic } from '@dlspec/fixtures/node';
import { checkFixture } from './families/check.js';
import { FAMILIES } from './families/index.js';
import type { Case, Family } from './families/op.js';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string => (require(`${pkg}/package.json`) as { version: string }).version;

/** One case's fixture: inputs drawn from its seed, expectations from its op's float64 spec (or its own). */
function buildFixture(family: Family, c: Case, version: string): EncodedFixture {
  const id = `${family.name}/${c.name}`;
  const inputs = c.inputs(createRandom(c.seed ?? 0));
  const params = c.op.params.safeParse(c.params);
  if (!params.success) throw new FixtureError(fixturePath(id), `case ${id} has params its op refuses: ${params.error.issues[0]?.path.join('.')}: ${params.error.issues[0]?.message}`);
  const expected = c.expected ? c.expected(inputs) : c.op.expect(inputs, params.data, c.profile);
  return {
    schemaVersion: SCHEMA_VERSION,
    id,
    family: family.name,
    op: c.op.name,
    ...(c.profile === undefined ? {} : { profile: c.profile }),
    description: c.description,
    params: c.params as EncodedFixture['params'],
    inputs: encodeTensors(inputs),
    expected: encodeTensors(expected as Record<string, Tensor64>),
    tolerance: c.tolerance,
    ...(c.outputTolerance === undefined ? {} : { outputTolerance: c.outputTolerance as Record<string, Tolerance> }),
    ...(c.signedZero === undefined ? {} : { signedZero: c.signedZero }),
    provenance: { generator: family.generator, version, seed: c.seed },
  };
}

export function buildFixtures(families: readonly Family[] = FAMILIES): Map<string, string> {
  const texts = new Map<string, string>();
  for (const family of families) {
    const version = versionOf(family.generator);
    for (const c of family.cases) {
      const fixture = buildFixture(family, c, version);
      const file = fixturePath(fixture.id);
      if (texts.has(file)) throw new FixtureError(file, `case id ${fixture.id} is defined twice`);
      // Our own cases obey the contract every reader of fixtures checks.
      checkFixture(decodeFixture(fixture, file), families, file);
      texts.set(file, fixtureText(fixture));
    }
  }
  return texts;
}

export interface GenerateOptions {
  readonly dataDir?: string;
  readonly manifestFile?: string;
}

/**
 * Write every fixture and then the manifest (last, so a reader never sees hashes of files not yet
 * written). Each file is written atomically, every temporary file before any rename: a failed
 * write, SIGINT or SIGTERM leaves no temporary file and, before the renames, no file changed.
 */
export async function generateFixtures(options: GenerateOptions = {}): Promise<number> {
  const dataDir = options.dataDir ?? DATA_DIR;
  const texts = buildFixtures();
  const hashes = Object.fromEntries([...texts].map(([file, text]) => [file, sha256(text)]));
  await writeFilesAtomic([...[...texts].map(([file, text]) => [join(dataDir, file), text] as const), [options.manifestFile ?? MANIFEST_FILE, manifestText(hashes, DLSPEC_SET)] as const]);
  return texts.size;
}

export interface CheckProblem {
  readonly file: string;
  readonly problem: string;
}

/**
 * Regenerate in memory and compare: every file byte for byte, every hash in the manifest,
 * and no file or manifest entry too many. Returns the problems; empty means clean.
 */
export async function checkFixtures(options: GenerateOptions = {}): Promise<{ checked: number; problems: CheckProblem[] }> {
  const dataDir = options.dataDir ?? DATA_DIR;
  const texts = buildFixtures();
  const problems: CheckProblem[] = [];
  let manifestFiles: Record<string, string> = {};
  try {
    const manifest = await readManifest(options.manifestFile ?? MANIFEST_FILE);
    manifestFiles = manifest.files;
    // The name that gives these fixtures dlspec's built-in expectations.
    if (manifest.set !== DLSPEC_SET) problems.push({ file: 'manifest.json', problem: `${manifest.set === undefined ? 'names no set' : `names the set ${JSON.stringify(manifest.set)}`}, not ${JSON.stringify(DLSPEC_SET)}: run \`dlspec fixtures generate\`` });
  } catch (error) {
    problems.push({ file: 'manifest.json', problem: (error as Error).message });
  }
  // Every file in the data folder, not only .json: a stray file would be packed and shipped.
  const onDisk = (await readdir(dataDir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => relative(dataDir, join(e.parentPath, e.name)).split(sep).join('/'));
  for (const file of onDisk) if (!texts.has(file)) problems.push({ file, problem: strayProblem(file) });
  for (const file of Object.keys(manifestFiles)) if (!texts.has(file)) problems.push({ file, problem: 'listed in manifest.json but no case generates it' });
  for (const [file, want] of texts) {
    const got = await readFile(join(dataDir, file), 'utf8').catch(() => null);
    if (got === null) problems.push({ file, problem: 'missing: run `dlspec fixtures generate`' });
    else if (got !== want) problems.push({ file, problem: `drift at byte ${firstDifference(got, want)}: the file differs from what the spec generates now` });
    if (manifestFiles[file] !== sha256(want)) problems.push({ file, problem: 'manifest.json hash differs from the regenerated content' });
  }
  return { checked: texts.size, problems };
}

/** What a file no case generates is, as far as its name tells. */
const strayProblem = (file: string): string =>
  /\.\d+(\.\d+)?\.tmp$/.test(file)
    ? 'a temporary file of an interrupted write (no case generates it): delete it'
    : 'no case definition generates this file (stale or added by hand)';

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
