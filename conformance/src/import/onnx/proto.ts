/**
 * ONNX's protobuf files read with protobufjs and ONNX's own schema (onnx.proto3 of ONNX 1.12.0,
 * beside this file in src/): a model's graph and nodes, and the tensors of its test data sets.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { FixtureError, type Tensor64 } from '@dlspec/core';

// dist/import/onnx/proto.js and src/import/onnx/proto.ts both reach the schema in src/.
const SCHEMA = fileURLToPath(new URL('../../../src/import/onnx/onnx.proto3', import.meta.url));

let types: { model: protobuf.Type; tensor: protobuf.Type } | undefined;
function schema() {
  if (!types) {
    const root = protobuf.parse(readFileSync(SCHEMA, 'utf8'), { keepCase: true }).root;
    types = { model: root.lookupType('onnx.ModelProto'), tensor: root.lookupType('onnx.TensorProto') };
  }
  return types;
}

const CONVERSION = { longs: Number, bytes: Buffer, enums: Number, defaults: false } as const;

/** TensorProto.DataType values this reader turns into numbers. */
const DATA_TYPES: Record<number, { name: string; bytes: number; read: (v: DataView, at: number) => number }> = {
  1: { name: 'float', bytes: 4, read: (v, at) => v.getFloat32(at, true) },
  6: { name: 'int32', bytes: 4, read: (v, at) => v.getInt32(at, true) },
  7: { name: 'int64', bytes: 8, read: (v, at) => Number(v.getBigInt64(at, true)) },
  9: { name: 'bool', bytes: 1, read: (v, at) => v.getUint8(at) },
  11: { name: 'double', bytes: 8, read: (v, at) => v.getFloat64(at, true) },
};

export interface OnnxTensor extends Tensor64 {
  readonly name: string;
  /** float, int64 ... as ONNX names them. */
  readonly dataType: string;
}

interface RawTensor {
  name?: string;
  dims?: number[];
  data_type?: number;
  raw_data?: Buffer;
  float_data?: number[];
  int32_data?: number[];
  int64_data?: number[];
  double_data?: number[];
}

/** A TensorProto's values as float64, row-major; raw_data is little-endian (onnx.proto3). */
export function decodeTensor(bytes: Uint8Array, file: string): OnnxTensor {
  let t: RawTensor;
  try {
    const { tensor } = schema();
    t = tensor.toObject(tensor.decode(bytes), CONVERSION) as RawTensor;
  } catch (error) {
    throw new FixtureError(file, `is not an ONNX TensorProto: ${(error as Error).message}`, { cause: error });
  }
  const type = DATA_TYPES[t.data_type ?? 0];
  if (!type) throw new FixtureError(file, `holds ONNX data type ${t.data_type ?? 0}, which the import does not read (it reads ${Object.values(DATA_TYPES).map((d) => d.name).join(', ')})`);
  const shape = t.dims ?? [];
  const size = shape.reduce((n, d) => n * d, 1);
  let data: Float64Array;
  if (t.raw_data && t.raw_data.length > 0) {
    if (t.raw_data.length !== size * type.bytes) throw new FixtureError(file, `raw_data holds ${t.raw_data.length} bytes; shape [${shape.join(', ')}] of ${type.name} needs ${size * type.bytes}`);
    const view = new DataView(t.raw_data.buffer, t.raw_data.byteOffset, t.raw_data.length);
    data = Float64Array.from({ length: size }, (_, i) => type.read(view, i * type.bytes));
  } else {
    const values = t.float_data ?? t.double_data ?? t.int64_data ?? t.int32_data ?? [];
    if (values.length !== size) throw new FixtureError(file, `holds ${values.length} values; shape [${shape.join(', ')}] needs ${size}`);
    data = Float64Array.from(values, Number);
  }
  if (type.name === 'int64' && data.some((v) => !Number.isSafeInteger(v))) throw new FixtureError(file, 'holds an int64 beyond 2^53, which a JSON number cannot keep');
  return { name: t.name ?? '', dataType: type.name, shape, data };
}

export interface OnnxAttribute {
  readonly name: string;
  readonly f?: number;
  readonly i?: number;
  readonly s?: Buffer;
  readonly floats?: number[];
  readonly ints?: number[];
  /** AttributeProto.AttributeType: 1 FLOAT, 2 INT, 3 STRING, 6 FLOATS, 7 INTS. */
  readonly type?: number;
}

export interface OnnxNode {
  readonly op_type: string;
  readonly domain?: string;
  readonly input?: string[];
  readonly output?: string[];
  readonly attribute?: OnnxAttribute[];
}

export interface OnnxModel {
  readonly ir_version?: number;
  readonly opset_import?: Array<{ domain?: string; version?: number }>;
  readonly graph?: {
    readonly node?: OnnxNode[];
    readonly input?: Array<{ name: string }>;
    readonly output?: Array<{ name: string }>;
  };
}

export function decodeModel(bytes: Uint8Array, file: string): OnnxModel {
  try {
    const { model } = schema();
    return model.toObject(model.decode(bytes), CONVERSION) as OnnxModel;
  } catch (error) {
    throw new FixtureError(file, `is not an ONNX ModelProto: ${(error as Error).message}`, { cause: error });
  }
}
