import { z } from 'zod';
import { assertExecutionArn, parseStateMachineArn } from '../../api/arns';
import type { DetailValue, EventDetails, HistoryEventType } from '../../execution/history';
import type { Json } from '@myblog/asl';
import type { JournalRecord } from './records';

/**
 * What a journal line must be to be taken back. The journal is read from disk, where a flipped
 * byte, a hand edit or another program's file can put anything: every record is checked here,
 * at the boundary, so nothing the engine could not have written is restored or served (an
 * unknown status in ListExecutions, a `null` where an object belongs).
 */

const EVENT_TYPES = [
  'ExecutionStarted',
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionAborted',
  'ExecutionTimedOut',
  'ExecutionRedriven',
  'TaskStateEntered',
  'TaskStateExited',
  'PassStateEntered',
  'PassStateExited',
  'ChoiceStateEntered',
  'ChoiceStateExited',
  'WaitStateEntered',
  'WaitStateExited',
  'SucceedStateEntered',
  'SucceedStateExited',
  'ParallelStateEntered',
  'ParallelStateExited',
  'MapStateEntered',
  'MapStateExited',
  'FailStateEntered',
  'TaskScheduled',
  'TaskStarted',
  'TaskSubmitted',
  'TaskSucceeded',
  'TaskFailed',
  'TaskTimedOut',
  'LambdaFunctionScheduled',
  'LambdaFunctionStarted',
  'LambdaFunctionSucceeded',
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'ParallelStateStarted',
  'ParallelStateSucceeded',
  'ParallelStateFailed',
  'ParallelStateAborted',
  'MapStateStarted',
  'MapStateSucceeded',
  'MapStateFailed',
  'MapStateAborted',
  'MapIterationStarted',
  'MapIterationSucceeded',
  'MapIterationFailed',
  'MapIterationAborted',
  'MapRunStarted',
  'MapRunSucceeded',
  'MapRunFailed',
  'MapRunAborted',
  'TaskStateAborted',
  'WaitStateAborted',
  'ActivityScheduled',
  'ActivityStarted',
  'ActivitySucceeded',
  'ActivityFailed',
  'ActivityTimedOut',
  'EvaluationFailed',
] as const satisfies readonly HistoryEventType[];

// The list above must name every event type the engine records: a type added to the history
// and not here would make the journal refuse the engine's own records.
type Unlisted = Exclude<HistoryEventType, (typeof EVENT_TYPES)[number]>;
const everyTypeListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyTypeListed;

// Loose objects: a field this schema does not name (one a newer engine writes) is kept as it
// is, never stripped on the way back; the fields the engine relies on are checked.

/** Any value JSON.parse gave: it is JSON by construction, so only its presence is checked. */
const json = z.custom<Json>((value) => value !== undefined, 'a JSON value is required');

const isJsonText = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};
const jsonText = z.string().refine(isJsonText, 'must be JSON text');

const isStateMachineArn = (arn: string): boolean => {
  try {
    return parseStateMachineArn(arn).testCase === undefined;
  } catch {
    return false;
  }
};
const isExecutionArn = (arn: string): boolean => {
  try {
    assertExecutionArn(arn);
    return true;
  } catch {
    return false;
  }
};
const machineArn = z.string().refine(isStateMachineArn, 'must be a state machine ARN');
const runArn = z.string().refine(isExecutionArn, 'must be an execution ARN');

/**
 * History details as the engine records them: fields of strings, numbers, booleans, nested
 * fields, and `{json}` values (any JSON). History rendering relies on this shape (a `null`
 * field would make GetExecutionHistory throw), so it is checked all the way down.
 */
function isDetailValue(value: unknown, depth: number): value is DetailValue {
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || depth > 16) return false;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]?.[0] === 'json') return true;
  return entries.every(([, inner]) => isDetailValue(inner, depth + 1));
}
const details = z.custom<EventDetails>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && isDetailValue(value, 0),
  'history details must be fields of strings, numbers, booleans or JSON values',
);

const event = z.looseObject({
  id: z.number().int().positive(),
  previousEventId: z.number().int().nonnegative(),
  timestamp: z.number(),
  type: z.enum(EVENT_TYPES),
  detailsKey: z.string().optional(),
  details: details.optional(),
});

const resumePoint = z.looseObject({
  state: z.string().min(1),
  input: json,
  variables: z.record(z.string(), json),
});

const result = z.discriminatedUnion('status', [
  z.looseObject({ status: z.literal('SUCCEEDED'), output: json }),
  z.looseObject({ status: z.enum(['FAILED', 'TIMED_OUT', 'ABORTED']), error: z.string(), cause: z.string() }),
]);

const machine = z
  .object({
    kind: z.literal('machine'),
    arn: machineArn,
    name: z.string().min(1),
    definition: jsonText,
    roleArn: z.string(),
    type: z.enum(['STANDARD', 'EXPRESS']),
    creationDate: z.number(),
    revisionId: z.string().optional(),
    lastVersion: z.number().int().nonnegative().optional(),
  })
  // A flipped byte in either would give a machine no ARN leads to, or two names for one.
  .refine((m) => m.arn.endsWith(`:stateMachine:${m.name}`), 'its ARN does not end with its name');

// Versions and aliases: each ARN is its machine's ARN and its number or name.
const version = z
  .looseObject({
    kind: z.literal('version'),
    arn: z.string(),
    machineArn,
    name: z.string().min(1),
    version: z.number().int().positive(),
    definition: jsonText,
    roleArn: z.string(),
    type: z.enum(['STANDARD', 'EXPRESS']),
    creationDate: z.number(),
    revisionId: z.string().optional(),
    description: z.string().optional(),
  })
  .refine(
    (v) => v.arn === `${v.machineArn}:${v.version}` && v.machineArn.endsWith(`:stateMachine:${v.name}`),
    'its ARN is not its state machine ARN and number',
  );
const alias = z
  .looseObject({
    kind: z.literal('alias'),
    arn: z.string(),
    machineArn,
    name: z.string().min(1),
    description: z.string().optional(),
    routingConfiguration: z
      .array(z.looseObject({ stateMachineVersionArn: z.string(), weight: z.number().int().min(0).max(100) }))
      .min(1)
      .max(2),
    creationDate: z.number(),
    updateDate: z.number(),
  })
  .refine((a) => a.arn === `${a.machineArn}:${a.name}`, 'its ARN is not its state machine ARN and name');
const qualifiedArn = z.string().regex(/:stateMachine:[^:#/]+:[^:#/]+$/, 'must be a version or alias ARN');

const ACTIVITY_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:activity:[^:]+$/;
const activityArn = z.string().regex(ACTIVITY_ARN, 'must be an activity ARN');
const activity = z
  .looseObject({
    kind: z.literal('activity'),
    arn: activityArn,
    name: z.string().min(1),
    creationDate: z.number(),
    encryptionConfiguration: z
      .looseObject({
        type: z.enum(['AWS_OWNED_KEY', 'CUSTOMER_MANAGED_KMS_KEY']),
        kmsKeyId: z.string().optional(),
        kmsDataKeyReusePeriodSeconds: z.number().int().optional(),
      })
      .optional(),
  })
  .refine((a) => a.arn.endsWith(`:activity:${a.name}`), 'its ARN does not end with its name');

const startedFields = {
  arn: runArn,
  stateMachineArn: machineArn,
  stateMachineName: z.string().min(1),
  name: z.string().min(1),
  roleArn: z.string(),
  definition: jsonText,
  input: jsonText,
  startDate: z.number(),
  testCase: z.string().optional(),
  stateMachineVersionArn: qualifiedArn.optional(),
  stateMachineAliasArn: qualifiedArn.optional(),
};
const arnMatchesName = (e: { arn: string; name: string; stateMachineName: string }): boolean =>
  e.arn.endsWith(`:${e.stateMachineName}:${e.name}`);
const ARN_MISMATCH = 'its ARN does not end with its state machine and execution names';

const executionSnapshot = z
  .object({
    ...startedFields,
    events: z.array(event),
    checkpoint: resumePoint.optional(),
    result: result.optional(),
    stopDate: z.number().optional(),
    redriveCount: z.number().int().nonnegative(),
    redriveDate: z.number().optional(),
    resuming: z.boolean().optional(),
  })
  .refine(arnMatchesName, ARN_MISMATCH);

const recordSchema = z.discriminatedUnion('kind', [
  machine,
  z.looseObject({ kind: z.literal('machine-deleted'), arn: machineArn }),
  version,
  z.looseObject({ kind: z.literal('version-deleted'), arn: qualifiedArn }),
  alias,
  z.looseObject({ kind: z.literal('alias-deleted'), arn: qualifiedArn }),
  activity,
  z.looseObject({ kind: z.literal('activity-deleted'), arn: activityArn }),
  z
    .looseObject({ kind: z.literal('execution-started'), ...startedFields })
    .refine(arnMatchesName, ARN_MISMATCH),
  z.looseObject({ kind: z.literal('event'), arn: runArn, event }),
  z.looseObject({ kind: z.literal('checkpoint'), arn: runArn, point: resumePoint }),
  z.looseObject({ kind: z.literal('execution-ended'), arn: runArn, result, stopDate: z.number() }),
  z.looseObject({
    kind: z.literal('execution-redriven'),
    arn: runArn,
    redriveCount: z.number().int().positive(),
    redriveDate: z.number(),
  }),
  z.looseObject({ kind: z.literal('execution'), execution: executionSnapshot }),
  z.looseObject({ kind: z.literal('execution-resuming'), arn: runArn }),
  z.looseObject({ kind: z.literal('execution-resumed'), arn: runArn }),
]);

// What the schema accepts is a record the engine could have written.
const _accepted: (record: z.infer<typeof recordSchema>) => JournalRecord = (record) => record;

/** One journal line read back: the record, or why it is not one and what it seemed to be. */
export type LineReading =
  | { readonly ok: true; readonly record: JournalRecord }
  | {
      readonly ok: false;
      readonly problem: string;
      readonly seemed: Partial<Record<'kind' | 'arn', string>>;
    };

/** Best effort at what a damaged line was, from its text: the kind and ARN it names. */
function seemed(text: string): Partial<Record<'kind' | 'arn', string>> {
  const kind = /"kind"\s*:\s*"([^"\\]{1,40})"/.exec(text)?.[1];
  const arn = /"arn"\s*:\s*"(arn:[^"\\]{1,400})"/.exec(text)?.[1];
  return { ...(kind === undefined ? {} : { kind }), ...(arn === undefined ? {} : { arn }) };
}

/** Parses and checks one journal line. */
export function readLine(text: string): LineReading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not JSON (${(error as Error).message})`, seemed: seemed(text) };
  }
  const checked = recordSchema.safeParse(parsed);
  if (checked.success) return { ok: true, record: checked.data };
  const first = checked.error.issues[0];
  const where = first === undefined || first.path.length === 0 ? '' : `${first.path.join('.')}: `;
  return {
    ok: false,
    problem: `not a journal record (${where}${first?.message ?? 'invalid'})`,
    seemed: seemed(text),
  };
}
