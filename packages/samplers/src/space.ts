import { checkObject, checkString, InvalidArgumentError, type Random } from '@dlspec/core';
import { checkRandom, checkU, type Distribution } from './distributions.js';

export type Dimensions = Record<string, Distribution<unknown>>;
export type Params<D extends Dimensions> = { [K in keyof D]: D[K] extends Distribution<infer T> ? T : never };

/** A point of the search: its values, and the uniform coordinates u that produced them. */
export interface Candidate<D extends Dimensions = Dimensions> {
  readonly params: Params<D>;
  readonly u: Readonly<Record<keyof D & string, number>>;
}

/** Named dimensions, each with its distribution. */
export class SearchSpace<D extends Dimensions = Dimensions> {
  readonly dimensions: D;
  readonly names: Array<keyof D & string>;

  constructor(dimensions: D) {
    checkObject('dimensions', dimensions);
    const names = Object.keys(dimensions);
    if (names.length === 0) throw new InvalidArgumentError('dimensions', dimensions, 'must name at least one dimension');
    for (const name of names) {
      const d = dimensions[name] as Distribution<unknown> | undefined;
      if (typeof d !== 'object' || d === null || typeof d.transform !== 'function') {
        throw new InvalidArgumentError(`dimensions.${name}`, d, 'must be a distribution (uniform, logUniform, reverseLogUniform, intUniform, quantized or choice)');
      }
    }
    this.dimensions = { ...dimensions };
    this.names = names as Array<keyof D & string>;
  }

  /** The distribution of a dimension, or a typed error naming the unknown one. */
  dimension(name: string): Distribution<unknown> {
    checkString('dimension', name);
    if (!Object.hasOwn(this.dimensions, name)) throw new InvalidArgumentError('dimension', name, `must be one of ${this.names.join(', ')}`);
    return this.dimensions[name] as Distribution<unknown>;
  }

  /** The candidate at uniform coordinates u: one in [0, 1) per dimension, and no other. */
  at(u: Readonly<Record<string, number>>): Candidate<D> {
    checkObject('u', u);
    for (const name of Object.keys(u)) {
      if (!Object.hasOwn(this.dimensions, name)) throw new InvalidArgumentError(`u.${name}`, u[name], `names no dimension (${this.names.join(', ')})`);
    }
    for (const name of this.names) {
      if (u[name] === undefined) throw new InvalidArgumentError(`u.${name}`, undefined, 'is missing');
      checkU(u[name], `u.${name}`);
    }
    const params = Object.fromEntries(this.names.map((name) => [name, (this.dimensions[name] as Distribution<unknown>).transform(u[name] as number)])) as Params<D>;
    return { params, u: Object.fromEntries(this.names.map((n) => [n, u[n] as number])) as Candidate<D>['u'] };
  }

  sample(random: Random): Candidate<D> {
    checkRandom(random);
    return this.at(Object.fromEntries(this.names.map((n) => [n, random.uniform()])));
  }

  describe(): Record<string, unknown> {
    return Object.fromEntries(this.names.map((n) => [n, (this.dimensions[n] as Distribution<unknown>).describe()]));
  }
}

export const defineSpace = <D extends Dimensions>(dimensions: D): SearchSpace<D> => new SearchSpace(dimensions);
