import * as os from 'node:os';

/** The machine a Node worker runs on. */
export const hostFacts = () => ({ node: process.version, platform: `${process.platform}-${process.arch}`, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length });
