/**
 * One ONNX backend node test as it lies on disk: `model.onnx` (a graph of one node) and
 * `test_data_set_<k>/input_<i>.pb`, `output_<i>.pb`, the tensors named as the graph's inputs and
 * outputs.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FixtureError } from '@dlspec/core';
import { decodeModel, decodeTensor, type OnnxAttribute, type OnnxModel, type OnnxNode, type OnnxTensor } from './proto.js';

export interface DataSet {
  /** test_data_set_0 ... */
  readonly name: string;
  /** By the graph's input and output names. */
  readonly inputs: ReadonlyMap<string, OnnxTensor>;
  readonly outputs: ReadonlyMap<string, OnnxTensor>;
}

export interface NodeTest {
  readonly name: string;
  readonly model: OnnxModel;
  readonly node: OnnxNode;
  /** The opset version of the node's domain. */
  readonly opset: number;
  readonly dataSets: DataSet[];
}

/** The model alone: enough to tell which operator a test is about. */
export async function readModel(dir: string): Promise<OnnxModel> {
  const file = join(dir, 'model.onnx');
  const bytes = await readFile(file).catch((error: Error) => {
    throw new FixtureError(file, `cannot be read: ${error.message}`);
  });
  return decodeModel(bytes, file);
}

/** The graph's one node, or null when the graph is several nodes (an `_expanded` function body, say). */
export const onlyNode = (model: OnnxModel): OnnxNode | null => (model.graph?.node?.length === 1 ? model.graph.node[0]! : null);

/** The tensors of one data set, named by the graph's inputs and outputs in order (as ONNX's runner reads them). */
async function readDataSet(dir: string, name: string, model: OnnxModel): Promise<DataSet> {
  const read = async (kind: 'input' | 'output', names: string[]) => {
    const tensors = new Map<string, OnnxTensor>();
    for (const [i, graphName] of names.entries()) {
      const file = join(dir, name, `${kind}_${i}.pb`);
      const bytes = await readFile(file).catch(() => null);
      if (bytes === null) continue; // an optional output the test leaves out
      tensors.set(graphName, decodeTensor(bytes, file));
    }
    return tensors;
  };
  return {
    name,
    inputs: await read('input', (model.graph?.input ?? []).map((v) => v.name)),
    outputs: await read('output', (model.graph?.output ?? []).map((v) => v.name)),
  };
}

export async function readNodeTest(dir: string, name: string, model: OnnxModel, node: OnnxNode): Promise<NodeTest> {
  const domain = node.domain ?? '';
  const opset = model.opset_import?.find((o) => (o.domain ?? '') === domain)?.version;
  if (opset === undefined) throw new FixtureError(join(dir, 'model.onnx'), `imports no opset for domain ${JSON.stringify(domain)}`);
  const sets = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && e.name.startsWith('test_data_set_')).map((e) => e.name);
  if (sets.length === 0) throw new FixtureError(dir, 'holds no test_data_set_* folder');
  const dataSets = [];
  for (const set of sets.sort()) dataSets.push(await readDataSet(dir, set, model));
  return { name, model, node, opset, dataSets };
}

/** A node's attributes with ONNX's proto3 defaults (an absent int is 0, an absent string empty). */
export function attributes(node: OnnxNode) {
  const byName = new Map<string, OnnxAttribute>((node.attribute ?? []).map((a) => [a.name, a]));
  return {
    has: (name: string) => byName.has(name),
    names: () => [...byName.keys()],
    float: (name: string, fallback: number) => (byName.has(name) ? shortestFloat32(byName.get(name)!.f ?? 0) : fallback),
    int: (name: string, fallback: number) => (byName.has(name) ? Number(byName.get(name)!.i ?? 0) : fallback),
    string: (name: string, fallback: string) => (byName.has(name) ? (byName.get(name)!.s?.toString('utf8') ?? '') : fallback),
  };
}

/**
 * ONNX stores float attributes as float32: 0.9 arrives as 0.8999999761581421. The shortest decimal
 * that rounds to the same float32 is the value the test's author wrote (and computed the expected
 * outputs with, in float64 NumPy scalars).
 */
export function shortestFloat32(f: number): number {
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(f.toPrecision(digits));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}
