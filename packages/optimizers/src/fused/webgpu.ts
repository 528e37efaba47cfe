/**
 * The fused update kernel for tfjs-backend-webgpu: one compute shader per output (gpu-rules.ts),
 * run by the backend's runWebGPUProgram on its own buffers, a thread per element (four elements,
 * as vec4<f32>, when the size allows), the step's scalars as uniforms. All inputs have W's shape,
 * so the shader indexes them flat.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { FusedAttrs } from './attrs.js';
import { emit, perOutput, uniformValues, variableName, type Formulas } from './gpu-rules.js';

type TensorInfo = { readonly dataId: object; readonly shape: number[]; readonly dtype: tf.DataType };

/** What the kernel uses of tfjs-backend-webgpu's WebGPUBackend and WebGPUProgram. */
interface WebGPUBackend {
  runWebGPUProgram(program: WebGPUProgram, inputs: TensorInfo[], dtype: tf.DataType, uniforms?: { type: 'float32'; data: number[] }[]): TensorInfo;
  disposeData(dataId: object): boolean;
}
interface WebGPUProgram {
  /** The backend appends the shapes' ranks and dtypes to it (and writes it back), so a program object serves one run. */
  shaderKey: string;
  readonly outputShape: number[];
  readonly dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number];
  readonly variableNames: string[];
  readonly variableComponents: number[];
  readonly outputComponent: number;
  readonly size: true;
  readonly uniforms: string;
  getUserCode(): string;
}

const WORKGROUP: [number, number, number] = [128, 1, 1];

/** The shader's code by formulas and vector width (shapes come in as uniforms: one pipeline per rank). */
const codes = new Map<string, string>();

function codeFor(f: Formulas, output: string, components: number): string {
  const key = `${f.key}|${components}`;
  let code = codes.get(key);
  if (code === undefined) {
    const body = emit(
      f,
      (local, input) => `let ${local} = ${input}[index];`,
      (local, expr) => `let ${local} = ${expr};`,
      (u) => `uniforms.${u}`,
    );
    code = `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${body}
          setOutputAtIndex(index, l_${output}New);
        }
      }`;
    codes.set(key, code);
  }
  return code;
}

export function programFor(f: Formulas, output: string, shape: number[]): WebGPUProgram {
  const n = shape.reduce((p, d) => p * d, 1);
  const components = n % 4 === 0 ? 4 : 1;
  const groups = Math.ceil(n / components / WORKGROUP[0]);
  return {
    shaderKey: `dlspecFusedStep_${f.key}_${components}`,
    outputShape: shape,
    dispatchLayout: { x: shape.map((_, i) => i) },
    // As webgpu_util.computeDispatch for a flat layout; the backend spreads it over y and z past the device's limit.
    dispatch: [groups, 1, 1],
    workgroupSize: WORKGROUP,
    variableNames: f.inputs.map(variableName),
    variableComponents: f.inputs.map(() => components),
    outputComponent: components,
    size: true,
    uniforms: f.uniforms.map((u) => `${u} : f32,`).join(' '),
    getUserCode: () => codeFor(f, output, components),
  };
}

type Args = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** The kernelFunc: the new W, then the new slots, each a new buffer (the inputs stay as they were). */
export function webgpuKernel(args: Args): TensorInfo[] {
  const b = args.backend as WebGPUBackend;
  const a = args.attrs as unknown as FusedAttrs;
  const shape = (args.inputs.w as TensorInfo).shape;
  return perOutput(
    a,
    args.inputs as Record<string, TensorInfo>,
    (f, output, inputs) => b.runWebGPUProgram(programFor(f, output, shape), inputs, 'float32', uniformValues(f, a).map((x) => ({ type: 'float32', data: [x] }))),
    (x) => b.disposeData(x.dataId),
  );
}
