/**
 * A WebAssembly module of custom tfjs kernels (compiled from AssemblyScript by
 * scripts/build-wasm.mjs) run on tfjs-backend-wasm's own memory: the module imports that memory,
 * so its exports take byte offsets of the backend's tensors. Compiled once, instantiated once per
 * memory (a backend set up again has a new one). Core does not import tfjs: the backend is seen
 * through the fields the kernels use.
 */

/** What custom kernels use of tfjs-backend-wasm's BackendWasm. */
export interface WasmBackendLike {
  readonly wasm: { readonly asm: { readonly memory: WebAssembly.Memory } };
  readonly dataIdMap: { get(id: object): { memoryOffset: number } | undefined };
  refCount(id: object): number;
  incRef(id: object): void;
  makeOutput(shape: number[], dtype: 'float32'): { dataId: object; shape: number[]; dtype: 'float32' };
}

export class WasmKernelModule<Exports extends object> {
  #module: WebAssembly.Module | undefined;
  #compiling: Promise<boolean> | undefined;
  readonly #instances = new WeakMap<WebAssembly.Memory, Exports>();

  readonly name: string;
  readonly #base64: string;

  /** `name` says whose module it is in errors; `base64` is its bytes, as build-wasm.mjs writes them. */
  constructor(name: string, base64: string) {
    this.name = name;
    this.#base64 = base64;
  }

  /** Compile (once; later calls wait for the first): false when this engine rejects the module (SIMD WebAssembly where it has none). */
  compile(): Promise<boolean> {
    this.#compiling ??= (async () => {
      const bytes = Uint8Array.from(atob(this.#base64), (c) => c.charCodeAt(0));
      if (!WebAssembly.validate(bytes)) return false;
      this.#module = await WebAssembly.compile(bytes);
      return true;
    })();
    return this.#compiling;
  }

  get compiled(): boolean {
    return this.#module !== undefined;
  }

  /** Instantiate on `memory` asynchronously (browsers refuse large synchronous instantiation on the main thread). */
  async instantiate(memory: WebAssembly.Memory): Promise<void> {
    if (!this.#module || this.#instances.has(memory)) return;
    const instance = await WebAssembly.instantiate(this.#module, { env: { memory } });
    this.#instances.set(memory, instance.exports as Exports);
  }

  /**
   * The exports on `memory`, instantiated synchronously if not yet (Node and workers allow it for
   * any size: a wasm backend set up after the kernels were registered).
   */
  exportsOn(memory: WebAssembly.Memory): Exports {
    let ex = this.#instances.get(memory);
    if (ex) return ex;
    if (!this.#module) throw new Error(`${this.name}: the WebAssembly module is not compiled (await its kernels' registration first)`);
    ex = new WebAssembly.Instance(this.#module, { env: { memory } }).exports as Exports;
    this.#instances.set(memory, ex);
    return ex;
  }
}
