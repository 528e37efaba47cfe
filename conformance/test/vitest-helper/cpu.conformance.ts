import { conformanceTests } from '@dlspec/conformance/vitest';

await conformanceTests({ backends: ['cpu'], families: ['softmax', 'samplers'] });
