/**
 * The part of a worker shared by Node and the browser: decode the fixtures (a bad one becomes an
 * error result of its own), run them, and stream every result back through `send`.
 */
import { decodeFixture, type Fixture } from '@dlspec/fixtures';
import { encodeCase } from '../engine/encode.js';
import { runFixtures } from '../engine/run-cases.js';
import type { WorkerMessage, WorkerRequest } from './protocol.js';

export async function runRequest(request: WorkerRequest, precision: 16 | 32, send: (m: WorkerMessage) => void): Promise<void> {
  const fixtures: Fixture[] = [];
  for (const raw of request.fixtures) {
    const id = String((raw as { id?: unknown })?.id ?? '(unknown)');
    try {
      fixtures.push(decodeFixture(raw, `${id}.json`));
    } catch (error) {
      send({
        type: 'result',
        result: encodeCase({
          id, family: id.split('/')[0] ?? id, op: '-', subject: '-', kind: 'fixture', status: 'error', tier: null,
          maxAbsError: null, maxRelError: null, maxUlp: null, maxUlpRelative: null, worst: null, leakedTensors: null, durationMs: 0,
          message: (error as Error).message,
        }),
      });
    }
  }
  await runFixtures(fixtures, {
    precision,
    ...(request.subjects ? { subjects: request.subjects } : {}),
    onResult: (result) => send({ type: 'result', result: encodeCase(result) }),
  });
  send({ type: 'done' });
}
