/**
 * Compatibility modes: `aws` (the default) behaves as AWS Step Functions does; `stepfunctions-local`
 * reproduces AWS Step Functions Local, the Java jar (`amazon/aws-stepfunctions-local`), where it
 * differs from AWS, so suites written against it run unchanged (`--compat stepfunctions-local`,
 * `SFN_LOCAL_COMPAT=stepfunctions-local`, or the engine's `compatibility` option).
 *
 * Every difference the mode reproduces, each where it is made:
 *
 * 1. History of `aws-sdk` tasks: resourceType `aws-sdk`, resource `comprehend:detectSentiment`
 *    (AWS: `aws-sdk:comprehend`, `detectSentiment`). step-functions-local-history.ts.
 * 2. TaskSucceeded's output is the state's output (what TaskStateExited shows), not the task's
 *    result. step-functions-local-history.ts.
 * 3. A Parallel state that fails and is caught exits with TaskStateExited, linked to its
 *    ParallelStateEntered; one that succeeds exits linked to its ParallelStateSucceeded.
 *    step-functions-local-history.ts.
 * 4. Decimals in JSON text are written as Java writes doubles (`1.2647535E-4`, where JavaScript
 *    writes `0.00012647535`): history events and an execution's output. java-json.ts.
 * 5. A Retry's IntervalSeconds may be 0 (AWS refuses it when the machine is created).
 *    STEP_FUNCTIONS_LOCAL_RETRIER_LIMITS in ../definition/retry-rules.ts.
 *
 * Why each, and the histories recorded on Step Functions Local they were read from, are in those
 * files. Seen there but not reproduced: the execution's input text kept as sent (spaces and all)
 * until a state rewrites it, and a payload template's `.$` fields written after its plain ones.
 */
import { RETRIER_LIMITS, STEP_FUNCTIONS_LOCAL_RETRIER_LIMITS } from '../definition/retry-rules';
import type { NumberRule } from '../definition/problems';
import { type History, type HistoryEvent, shaped } from '../execution/history';
import type { Json } from '@myblog/asl';
import { javaJsonText } from './java-json';
import { stepFunctionsLocalHistory } from './step-functions-local-history';

export type Compatibility = 'aws' | 'stepfunctions-local';

export const COMPATIBILITIES: readonly Compatibility[] = ['aws', 'stepfunctions-local'];

/** A compatibility mode that is not one of COMPATIBILITIES (a flag or variable misspelt). */
export class UnknownCompatibility extends Error {
  override readonly name = 'UnknownCompatibility';
  constructor(value: string) {
    super(`unknown compatibility mode '${value}': use ${COMPATIBILITIES.join(' or ')}`);
  }
}

export function parseCompatibility(value: string): Compatibility {
  const mode = COMPATIBILITIES.find((candidate) => candidate === value);
  if (mode === undefined) throw new UnknownCompatibility(value);
  return mode;
}

/** What a compatibility mode changes, asked for where the engine answers the API. */
export interface CompatProfile {
  readonly compatibility: Compatibility;
  /** The bounds of a retrier's numbers that a definition is checked against. */
  readonly retrierLimits: Readonly<Record<string, NumberRule>>;
  /** JSON text of a value the API returns: history event fields, an execution's output. */
  jsonText(value: Json): string;
  /** The history events at positions [from, to), in id order, as the API returns them. */
  serviceEvents(history: History, from: number, to: number, includeExecutionData: boolean): HistoryEvent[];
}

const AWS: CompatProfile = {
  compatibility: 'aws',
  retrierLimits: RETRIER_LIMITS,
  jsonText: (value) => JSON.stringify(value),
  serviceEvents: (history, from, to, includeExecutionData) =>
    history.serviceEvents(from, to, includeExecutionData),
};

// Rewriting looks at events around the page (a TaskSucceeded takes the output of the exit after
// it), so the whole history is rewritten for every page: linear in its length, fine for the
// test suites this mode is for.
const STEP_FUNCTIONS_LOCAL: CompatProfile = {
  compatibility: 'stepfunctions-local',
  retrierLimits: STEP_FUNCTIONS_LOCAL_RETRIER_LIMITS,
  jsonText: javaJsonText,
  serviceEvents: (history, from, to, includeExecutionData) =>
    stepFunctionsLocalHistory(history.recorded())
      .slice(Math.max(0, from), Math.max(0, to))
      .map((event) => shaped(event, includeExecutionData, javaJsonText)),
};

export function compatProfile(compatibility: Compatibility = 'aws'): CompatProfile {
  return compatibility === 'stepfunctions-local' ? STEP_FUNCTIONS_LOCAL : AWS;
}
