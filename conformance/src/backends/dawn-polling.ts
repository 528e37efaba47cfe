/**
 * dawn.node (the `webgpu` package) resolves its promises (a buffer's mapAsync for every read back,
 * onSubmittedWorkDone) by calling the device's ProcessEvents from a setImmediate loop
 * (wgpu::binding::AsyncRunner::ScheduleProcessEvents) for as long as one is pending: a core spins
 * in that loop while SwiftShader's threads still run the dispatches it waits for. Those callbacks are
 * native functions, which is how they are told apart here: they go through setTimeout(0) instead,
 * a poll a millisecond rather than back to back. Scheduling only; what Dawn computes is unchanged.
 * Measured on 2 cores, the whole suite on webgpu alone: 102 s -> 92 s, 163 -> 144 CPU-seconds.
 */
const isNative = (f: unknown): boolean => typeof f === 'function' && Function.prototype.toString.call(f).endsWith('{ [native code] }');

let installed = false;

/** Route native setImmediate callbacks (dawn.node's event polling) through setTimeout(0), once per process. */
export function pollDawnEventsByTimer(): void {
  if (installed) return;
  installed = true;
  const immediate = globalThis.setImmediate;
  const throttled = (callback: (...args: unknown[]) => void, ...args: unknown[]) =>
    isNative(callback) ? setTimeout(callback, 0, ...args) : immediate(callback, ...args);
  globalThis.setImmediate = Object.assign(throttled, immediate) as typeof setImmediate;
}
