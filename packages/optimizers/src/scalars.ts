/**
 * The numbers a rule needs at step t (counting from 1 over the whole run, t0 steps already taken
 * included) that do not depend on the element: what bias correction, ONNX's T = 0 rule and
 * Adagrad's decay make of alpha and of the momentum coefficients. The float64 spec, the rules on
 * tfjs ops and the fused kernels all take them from here.
 */
import type { ResolvedConfig } from './config.js';

export interface StepScalars {
  /**
   * The learning rate the rule applies: alpha, over (1 + (t - 1) decayFactor) for Adagrad; times
   * sqrt(1 - beta2^t) / (1 - beta1^t) for Adam's epsilon-hat form (with T = t - 1, and no correction
   * at T = 0, in ONNX's form); over (1 - beta1^t) for Adamax.
   */
  readonly alpha: number;
  /** Momentum, Nesterov: the coefficient of dW in v (1 - beta, 1, or ONNX's beta with 1 on the first step). */
  readonly gradientScale: number;
  /** Nesterov: the coefficient of dW in the look-ahead step alpha (lookaheadScale dW + beta v). */
  readonly lookaheadScale: number;
  /** Adam's course form: vHat = v / correction1, sHat = s / correction2 (1 in every other form). */
  readonly correction1: number;
  readonly correction2: number;
}

export function stepScalars(c: ResolvedConfig, alpha: number, t: number): StepScalars {
  const out = { alpha, gradientScale: 1, lookaheadScale: 1, correction1: 1, correction2: 1 };
  switch (c.optimizer) {
    case 'momentum':
    case 'nesterov':
      if (c.momentumForm === 'ewma') out.gradientScale = out.lookaheadScale = 1 - c.beta;
      // ONNX: "the coefficient of the gradient should be 1 at the first iteration" (T = 0); its Nesterov adds dW itself.
      if (c.momentumForm === 'onnx') out.gradientScale = t === 1 ? 1 : c.gradientScale;
      break;
    case 'adam':
      if (c.adamForm === 'course') {
        out.correction1 = 1 - c.beta1 ** t;
        out.correction2 = 1 - c.beta2 ** t;
      } else {
        const T = c.adamForm === 'onnx' ? t - 1 : t;
        if (T > 0) out.alpha = (alpha * Math.sqrt(1 - c.beta2 ** T)) / (1 - c.beta1 ** T);
      }
      break;
    case 'adamax':
      out.alpha = alpha / (1 - c.beta1 ** t);
      break;
    case 'adagrad':
      out.alpha = alpha / (1 + (t - 1) * c.decayFactor);
      break;
    default:
      break;
  }
  return out;
}
