import { decodeNumber, encodeNumber, type JsonNumber } from '@dlspec/core';
import type { CaseResult } from './case-result.js';

/** A CaseResult as JSON can carry it: Infinity and NaN errors written as strings (SPEC section 3). */
export type EncodedCase = Omit<CaseResult, 'maxAbsError' | 'maxRelError' | 'maxUlp' | 'maxUlpRelative' | 'worst'> & {
  maxAbsError: JsonNumber | null;
  maxRelError: JsonNumber | null;
  maxUlp: JsonNumber | null;
  maxUlpRelative: JsonNumber | null;
  worst: { output: string; index: number; got: JsonNumber; expected: JsonNumber; ulp: JsonNumber; rtol: number; atol: number } | null;
};

const enc = (x: number | null) => (x === null ? null : encodeNumber(x));
const dec = (x: JsonNumber | null) => (x === null ? null : decodeNumber(x));

export function encodeCase(r: CaseResult): EncodedCase {
  return {
    ...r,
    maxAbsError: enc(r.maxAbsError),
    maxRelError: enc(r.maxRelError),
    maxUlp: enc(r.maxUlp),
    maxUlpRelative: enc(r.maxUlpRelative),
    worst: r.worst && { ...r.worst, got: encodeNumber(r.worst.got), expected: encodeNumber(r.worst.expected), ulp: encodeNumber(r.worst.ulp) },
  };
}

export function decodeCase(r: EncodedCase): CaseResult {
  return {
    ...r,
    maxAbsError: dec(r.maxAbsError),
    maxRelError: dec(r.maxRelError),
    maxUlp: dec(r.maxUlp),
    maxUlpRelative: dec(r.maxUlpRelative),
    worst: r.worst && { ...r.worst, got: decodeNumber(r.worst.got), expected: decodeNumber(r.worst.expected), ulp: decodeNumber(r.worst.ulp) },
  };
}
