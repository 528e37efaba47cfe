// The search space: Adam's learning rate on a log scale, beta1 on a reverse-log scale (1 - beta1 is
// the number that matters: 1/(1 - beta1) is the averaging window), the hidden width as an integer.
import { defineSpace, intUniform, logUniform, reverseLogUniform } from '@dlspec/samplers';

export const space = () => defineSpace({ learningRate: logUniform(1e-4, 1), beta1: reverseLogUniform(0.5, 0.999), hidden: intUniform(4, 48) });
