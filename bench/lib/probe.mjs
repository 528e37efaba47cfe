/**
 * A one-element tensor computed from `t`: reading it back waits for every queued kernel that
 * writes t (GPU queues run in order) without copying t itself off the device. Per backend, the
 * cheapest such read:
 * - a slice plus 0 on cpu (a view of t's values) and the GPUs (the add makes a real one-element
 *   output where a slice alone may share t's whole texture or buffer). A gather there costs more:
 *   on webgl2 it added 150 to 200 ms to a 1M step (t unpacked first);
 * - a gather of element 0 on wasm, which reads only that index, where tfjs-backend-wasm 4.22's
 *   Slice first copies its whole input out of the wasm heap (readSync: 40 MB at 10M parameters,
 *   more than a fused step; the wasm fused Adam 10M row read 41 % of the copy limit that way,
 *   where the step alone reads about 100 %).
 */
export const probe = (tf, t) =>
  tf.tidy(() => {
    const flat = tf.reshape(t, [-1]);
    return tf.getBackend() === 'wasm' ? tf.gather(flat, [0]) : tf.add(tf.slice(flat, 0, 1), 0);
  });
