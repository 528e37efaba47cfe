/**
 * `dlspec import onnx`: ONNX's backend node tests of the operators dlspec has ops for, converted
 * into a fixture set (data/<family>/onnx-<test>.json and its manifest). Every test of those
 * operators is converted or listed with the reason it is not: skipped (a form dlspec cannot
 * express, an `_expanded` duplicate) or failed (a file that cannot be read); the others go on.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FixtureError, InvalidArgumentError } from '@dlspec/core';
import { checkSetName, decodeFixture, encodeTensors, fixtureText, SCHEMA_VERSION, type EncodedFixture } from '@dlspec/fixtures';
import { manifestText, sha256, writeFilesAtomic } from '@dlspec/fixtures/node';
import { checkFixture } from '../../families/check.js';
import { FAMILIES } from '../../families/index.js';
import { CONVERTERS, type Part } from './convert.js';
import { defectOf } from './defects.js';
import type { OnnxModel } from './proto.js';
import { onlyNode, readModel, readNodeTest, type DataSet, type NodeTest } from './test-folder.js';
import { onnxVersion } from './version.js';

const version = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;

export interface ImportOptions {
  /** ONNX's node test folder (onnx/backend/test/data/node), or one test's folder. */
  readonly from: string;
  /** An empty or new folder: the set's data/ and manifest.json go there. */
  readonly out: string;
  readonly onnxVersion?: string;
  /** The set's name (default onnx-<version>). */
  readonly set?: string;
  readonly cwd?: string;
}

export interface ImportResult {
  readonly onnxVersion: string;
  readonly set: string;
  readonly dataDir: string;
  readonly manifestFile: string;
  readonly converted: Array<{ test: string; fixtures: string[]; notConverted: string[] }>;
  /** Tests dlspec cannot express, with the reason. */
  readonly skipped: Array<{ test: string; reason: string }>;
  /** Tests whose files could not be read, with the error. */
  readonly failed: Array<{ test: string; reason: string }>;
  /** Tests of operators the import does not convert. */
  readonly otherTests: number;
}

const OPERATORS = Object.keys(CONVERTERS).map((k) => k.split(':')[1]);

/** test_sce_NCd1_mean_weight -> onnx-sce-ncd1-mean-weight. */
const slug = (name: string) => `onnx-${name.replace(/^test_/, '').toLowerCase().replace(/_/g, '-')}`;

async function testFolders(from: string): Promise<Array<{ name: string; dir: string }>> {
  if (existsSync(join(from, 'model.onnx'))) return [{ name: from.split(/[\\/]/).filter(Boolean).at(-1)!, dir: from }];
  const entries = await readdir(from, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && existsSync(join(from, e.name, 'model.onnx')))
    .map((e) => ({ name: e.name, dir: join(from, e.name) }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

function encodePart(part: Part, test: NodeTest, set: DataSet, id: string, onnx: string): EncodedFixture {
  return {
    schemaVersion: SCHEMA_VERSION,
    id,
    family: part.family,
    op: part.op,
    ...(part.profile === undefined ? {} : { profile: part.profile }),
    description: `${part.description} (ONNX ${onnx} backend test ${test.name}, ${set.name})`,
    params: part.params,
    inputs: encodeTensors(part.inputs),
    expected: encodeTensors(part.expected),
    tolerance: part.tolerance ?? 'f32-op',
    provenance: { generator: '@dlspec/conformance (dlspec import onnx)', version, seed: null, source: { suite: 'onnx', version: onnx, test: test.name, dataSet: set.name, opset: test.opset } },
  };
}

export async function importOnnx(options: ImportOptions): Promise<ImportResult> {
  const cwd = options.cwd ?? process.cwd();
  const from = resolve(cwd, options.from);
  if (!existsSync(from)) throw new InvalidArgumentError('folder', options.from, `must be ONNX's node test folder (onnx/backend/test/data/node) or one test's folder; ${from} does not exist`);
  const out = resolve(cwd, options.out);
  const dataDir = join(out, 'data');
  const manifestFile = join(out, 'manifest.json');
  if (existsSync(manifestFile) || (existsSync(dataDir) && (await readdir(dataDir)).length > 0)) {
    throw new InvalidArgumentError('--out', options.out, `already holds a fixture set (${existsSync(manifestFile) ? manifestFile : dataDir}): import into a new or empty folder`);
  }
  const onnx = await onnxVersion(from, options.onnxVersion);
  const set = checkSetName('--set', options.set ?? `onnx-${onnx}`);

  const folders = await testFolders(from);
  // Which operator each test is about: its graph's one node (several nodes: an `_expanded` function body).
  const models = new Map<string, { key: string | null; model?: OnnxModel; problem?: string }>();
  for (const { name, dir } of folders) {
    try {
      const model = await readModel(dir);
      const node = onlyNode(model);
      models.set(name, { key: node ? `${node.domain ?? ''}:${node.op_type}` : null, model });
    } catch (error) {
      models.set(name, { key: null, problem: (error as Error).message });
    }
  }
  const ours = (key: string | null | undefined) => key != null && key in CONVERTERS;
  const converted: ImportResult['converted'] = [];
  const skipped: ImportResult['skipped'] = [];
  const failed: ImportResult['failed'] = [];
  const texts = new Map<string, string>();
  let otherTests = 0;

  for (const { name, dir } of folders) {
    const model = models.get(name)!;
    const base = name.replace(/_expanded$/, '');
    if (base !== name && ours(models.get(base)?.key)) {
      skipped.push({ test: name, reason: `duplicate of ${base}: the same data, with the operator written out as a graph of primitive ops` });
      continue;
    }
    if (model.problem !== undefined) {
      // A model that cannot be read cannot say its operator: it is listed whatever it is about.
      failed.push({ test: name, reason: model.problem });
      continue;
    }
    if (!ours(model.key)) {
      otherTests++;
      continue;
    }
    let test: NodeTest;
    try {
      test = await readNodeTest(dir, name, model.model!, onlyNode(model.model!)!);
    } catch (error) {
      failed.push({ test: name, reason: error instanceof FixtureError ? error.message : String(error) });
      continue;
    }
    const defect = defectOf(test, onnx);
    if (defect !== undefined) {
      skipped.push({ test: name, reason: defect });
      continue;
    }
    const convert = CONVERTERS[model.key!]!;
    const fixtures: string[] = [];
    const notConverted: string[] = [];
    const reasons: string[] = [];
    for (const set of test.dataSets) {
      const conversion = convert(test, set);
      if ('skip' in conversion) {
        reasons.push(conversion.skip);
        continue;
      }
      notConverted.push(...conversion.notConverted);
      for (const part of conversion.parts) {
        const id = `${part.family}/${slug(name)}${test.dataSets.length > 1 ? `-${set.name.replace(/^test_data_set_/, 'set-')}` : ''}${part.suffix ?? ''}`;
        const encoded = encodePart(part, test, set, id, onnx);
        try {
          // What the tool's ops accept: a form it lacks is a reason, not a fixture that cannot run.
          checkFixture(decodeFixture(encoded, `${id}.json`), FAMILIES);
        } catch (error) {
          const what = `${part.op}${part.suffix ? ` (${part.suffix.slice(1)})` : ''}`;
          (conversion.parts.length > 1 ? notConverted : reasons).push(`${what}: dlspec cannot express it: ${(error as Error).message.replace(`${id}.json: `, '')}`);
          continue;
        }
        texts.set(`${id}.json`, fixtureText(encoded));
        fixtures.push(id);
      }
    }
    if (fixtures.length > 0) converted.push({ test: name, fixtures, notConverted });
    else skipped.push({ test: name, reason: [...new Set([...reasons, ...notConverted])].join('; ') });
  }

  if (texts.size === 0) {
    throw new InvalidArgumentError('folder', options.from, `gave no fixture: it holds no ONNX node test of ${OPERATORS.join(', ')} that dlspec can express (${skipped.length} skipped, ${failed.length} unreadable, ${otherTests} of other operators)`);
  }
  const hashes = Object.fromEntries([...texts].map(([file, text]) => [file, sha256(text)]));
  await writeFilesAtomic([...[...texts].map(([file, text]) => [join(dataDir, file), text] as const), [manifestFile, manifestText(hashes, set)] as const]);
  return { onnxVersion: onnx, set, dataDir, manifestFile, converted, skipped, failed, otherTests };
}
