export * from './errors.js';
export * from './tensor.js';
export * from './random.js';
export * from './float.js';
export * from './ulp.js';
export * from './tolerance.js';
export * from './compare.js';
export * from './json-number.js';
