/**
 * A one-element tensor computed from `t`: reading it back waits for every queued kernel that
 * writes t (GPU queues run in order) without copying t itself off the device. The add makes a
 * real one-element output where slice alone may share t's whole texture or buffer.
 */
export const probe = (tf, t) => tf.tidy(() => tf.add(tf.slice(tf.reshape(t, [-1]), 0, 1), 0));
