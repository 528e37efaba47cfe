/**
 * exp(x) for x <= 0 (a line's shifted logits), as XNNPACK's f32 softmax computes it ("rr2-p5"):
 * n = round(x log2(e)) by adding a magic number (1.5 * 2^23 + 127: the rounded n lands in the
 * mantissa's low bits, already biased, so bits << 23 is 2^n), r = x - n ln2 in two parts (Cody
 * and Waite), exp(r) by a degree-5 minimax polynomial (about 2 ulp), times 2^n. Below
 * DENORM_CUTOFF, where exp(x) < 2^-126 and 2^n would not be a normal number, the result is 0:
 * an absolute error under 1.2e-38. Constants are XNNPACK's (hex floats written in decimal, exact).
 */
export const MAGIC_BIAS: f32 = 12583039.0;
export const LOG2E: f32 = 1.4426950216293335;
export const MINUS_LN2_HI: f32 = -0.693145751953125;
export const MINUS_LN2_LO: f32 = -1.428606765330187e-6;
export const C5: f32 = 0.008289290592074394;
export const C4: f32 = 0.04189782217144966;
export const C3: f32 = 0.16667652130126953;
export const C2: f32 = 0.4999915063381195;
export const C1: f32 = 0.9999997019767761;
export const DENORM_CUTOFF: f32 = -87.33654022216797;
