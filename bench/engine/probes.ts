import { isDeepStrictEqual } from 'node:util';
import type { Json, JsonObject } from '@myblog/asl';
import type { EngineRunner } from './runners';

/** Small definitions where the service's answer is known; run on both engines to show who is right. */
export interface Probe {
  readonly name: string;
  readonly definition: JsonObject;
  readonly input: Json;
  readonly expected: Json;
}

export const PROBES: readonly Probe[] = [
  {
    name: 'inline Map over items that include 0 (the item values of case (b) from 0)',
    definition: {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'P',
            States: { P: { Type: 'Pass', Parameters: { 'v.$': '$' }, End: true } },
          },
          End: true,
        },
      },
    },
    input: [0, 1],
    expected: [{ v: 0 }, { v: 1 }],
  },
  {
    name: 'Choice on a missing Variable with a Default (the service fails with States.Runtime)',
    definition: {
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [{ Variable: '$.missing', StringEquals: 'a', Next: 'A' }],
          Default: 'A',
        },
        A: { Type: 'Pass', Result: 'no error', End: true },
      },
    },
    input: {},
    expected: 'States.Runtime',
  },
];

/** The probe's answer: the output, or the error name when the execution fails. */
export async function probeAnswer(runner: EngineRunner, probe: Probe): Promise<unknown> {
  try {
    return await (
      await runner.prepare(probe.definition)
    )(probe.input);
  } catch (error) {
    const message = (error as Error).message;
    return /States\.[A-Za-z]+/.exec(message)?.[0] ?? `error: ${message.slice(0, 120)}`;
  }
}

export const isRight = (probe: Probe, answer: unknown): boolean => isDeepStrictEqual(answer, probe.expected);
