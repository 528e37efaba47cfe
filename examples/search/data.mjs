// The data set: three interleaved spirals in the plane (a classic that a linear model cannot
// separate), generated from a seed, so every process builds the same one. 150 training and 90
// validation points; features centred and scaled.
import { createRandom } from '@dlspec/core';

export const CLASSES = 3;

/** Points of class k at radius r in (0, 1] wind around the origin, with Gaussian noise. */
export function spirals(count, seed) {
  const random = createRandom(seed);
  const X = [];
  const Y = [];
  for (let i = 0; i < count; i++) {
    const k = i % CLASSES;
    const r = (Math.floor(i / CLASSES) + 1) / Math.ceil(count / CLASSES);
    const angle = 4 * r + (2 * Math.PI * k) / CLASSES + 0.25 * random.normal();
    X.push([r * Math.sin(angle), r * Math.cos(angle)]);
    Y.push(Array.from({ length: CLASSES }, (_, c) => (c === k ? 1 : 0)));
  }
  return { X, Y };
}

export const train = () => spirals(150, 1);
export const validation = () => spirals(90, 2);
