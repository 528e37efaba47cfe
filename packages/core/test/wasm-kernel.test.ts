/**
 * WasmKernelModule with a real (hand-assembled) module that imports its memory, as the kernels'
 * modules do: compiled once, one instance per memory, and what it says before it is compiled or
 * when this engine rejects the bytes.
 */
import { describe, expect, it } from 'vitest';
import { WasmKernelModule } from '../src/index.js';

// (module (import "env" "memory" (memory 0)) (func (export "size") (result i32) memory.size))
const BYTES = Uint8Array.of(
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
  0x02, 0x0f, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x00,
  0x03, 0x02, 0x01, 0x00,
  0x07, 0x08, 0x01, 0x04, 0x73, 0x69, 0x7a, 0x65, 0x00, 0x00,
  0x0a, 0x06, 0x01, 0x04, 0x00, 0x3f, 0x00, 0x0b,
);
const base64 = btoa(String.fromCharCode(...BYTES));
type Exports = { size(): number };

describe('WasmKernelModule', () => {
  it('runs on the memory it is given, one instance per memory, after compile()', async () => {
    const m = new WasmKernelModule<Exports>('test kernel', base64);
    const [a, b] = [new WebAssembly.Memory({ initial: 1 }), new WebAssembly.Memory({ initial: 3 })];
    expect(() => m.exportsOn(a)).toThrow(/test kernel: the WebAssembly module is not compiled/);
    expect(m.compiled).toBe(false);
    expect(await m.compile()).toBe(true);
    expect(m.compiled).toBe(true);
    await m.instantiate(b);
    expect(m.exportsOn(a).size()).toBe(1);
    expect(m.exportsOn(b).size()).toBe(3);
    expect(m.exportsOn(a)).toBe(m.exportsOn(a));
  });

  it('compiles once, and says false where the engine rejects the bytes', async () => {
    const m = new WasmKernelModule<Exports>('bad', btoa('not wasm'));
    const [first, second] = [m.compile(), m.compile()];
    expect(first).toBe(second);
    expect(await first).toBe(false);
    expect(() => m.exportsOn(new WebAssembly.Memory({ initial: 1 }))).toThrow(/bad: the WebAssembly module is not compiled/);
  });
});
