import { activate } from './activate.js';
import { hostFacts } from './host-facts.js';
import type { Backend } from './types.js';

export const cpu: Backend = {
  name: 'cpu',
  description: 'tfjs-backend-cpu: plain JavaScript, float32',
  host: 'node',
  async start() {
    await activate('cpu');
    return { device: hostFacts(), precision: 32 };
  },
};
