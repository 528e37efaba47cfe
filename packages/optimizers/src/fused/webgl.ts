/**
 * The fused update kernel for tfjs-backend-webgl (WebGL 2 and 1, float32 or float16 textures): one
 * fragment shader per output (gpu-rules.ts), run by the backend's runWebGLProgram on its own
 * textures, the step's scalars as uniforms. Packed (four values a texel) when the backend packs,
 * as its element-wise ops do, so that no input is unpacked first.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { FusedAttrs } from './attrs.js';
import { emit, perOutput, uniformValues, variableName, type Formulas } from './gpu-rules.js';

type TensorInfo = { readonly dataId: object; readonly shape: number[]; readonly dtype: tf.DataType };

/** What the kernel uses of tfjs-backend-webgl's MathBackendWebGL and GPGPUProgram. */
interface WebGLBackend {
  runWebGLProgram(program: WebGLProgram, inputs: TensorInfo[], dtype: tf.DataType, customUniformValues?: number[][]): TensorInfo;
  disposeIntermediateTensorInfo(info: TensorInfo): void;
}
interface WebGLProgram {
  readonly variableNames: string[];
  readonly outputShape: number[];
  readonly userCode: string;
  readonly packedInputs: boolean;
  readonly packedOutput: boolean;
  readonly customUniforms: { name: string; type: 'float' }[];
}

/** A named class: the backend keys its compiled programs on the class name and the code, and its profiler shows the name. */
class DlspecFusedStepProgram implements WebGLProgram {
  readonly variableNames: string[];
  readonly customUniforms: { name: string; type: 'float' }[];
  readonly userCode: string;
  constructor(
    f: Formulas,
    output: string,
    readonly outputShape: number[],
    readonly packedInputs: boolean,
  ) {
    this.variableNames = f.inputs.map(variableName);
    this.customUniforms = f.uniforms.map((u) => ({ name: `u_${u}`, type: 'float' }));
    const type = packedInputs ? 'vec4' : 'float';
    const body = emit(
      f,
      (local, input) => `${type} ${local} = get${input}AtOutCoords();`,
      (local, expr) => `${type} ${local} = ${expr};`,
      (u) => `u_${u}`,
    );
    this.userCode = `
      void main() {
        ${body}
        ${type} result = l_${output}New;
        ${packedInputs ? zeroPadding(outputShape) : ''}
        setOutput(result);
      }`;
  }
  get packedOutput(): boolean {
    return this.packedInputs;
  }
}

/**
 * A packed texel holds a 2x2 block of the last two dimensions; where the shape ends inside it the
 * rest is padding, set to 0 as tfjs's packed binary ops do (a division of padding by padding is NaN,
 * and a packed matMul multiplies padding by padding).
 */
function zeroPadding(shape: number[]): string {
  const rank = shape.length;
  if (rank === 0 || shape.every((d) => d === 1)) return 'result.y = 0.; result.z = 0.; result.w = 0.;';
  if (rank === 1) return `int c = getOutputCoords(); result.y = c + 1 >= ${shape[0]} ? 0. : result.y; result.z = 0.; result.w = 0.;`;
  const axes = ['x', 'y', 'z', 'w', 'u', 'v'].slice(0, rank).map((d) => `c.${d}`);
  return `
    ivec${rank} c = getOutputCoords();
    bool nextRowOut = ${axes[rank - 2]} + 1 >= ${shape[rank - 2]};
    bool nextColOut = ${axes[rank - 1]} + 1 >= ${shape[rank - 1]};
    result.y = nextColOut ? 0. : result.y;
    result.z = nextRowOut ? 0. : result.z;
    result.w = nextColOut || nextRowOut ? 0. : result.w;`;
}

/** Programs by formulas, shape and packing: built once (the backend finds its compiled binary by class name, shapes and code). */
const programs = new Map<string, DlspecFusedStepProgram>();

export function programFor(f: Formulas, output: string, shape: number[], packed: boolean): WebGLProgram {
  const key = `${f.key}|${shape.join(',')}|${packed}`;
  let p = programs.get(key);
  if (!p) programs.set(key, (p = new DlspecFusedStepProgram(f, output, shape, packed)));
  return p;
}

type Args = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** The kernelFunc: the new W, then the new slots, each a new texture (the inputs stay as they were). */
export function webglKernel(args: Args): TensorInfo[] {
  const packed = tf.env().getBool('WEBGL_PACK_BINARY_OPERATIONS');
  const b = args.backend as WebGLBackend;
  const a = args.attrs as unknown as FusedAttrs;
  const shape = (args.inputs.w as TensorInfo).shape;
  return perOutput(
    a,
    args.inputs as Record<string, TensorInfo>,
    (f, output, inputs) => b.runWebGLProgram(programFor(f, output, shape, packed), inputs, 'float32', uniformValues(f, a).map((x) => [x])),
    (x) => b.disposeIntermediateTensorInfo(x),
  );
}
