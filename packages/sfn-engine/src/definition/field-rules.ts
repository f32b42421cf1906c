/**
 * Which fields each state type accepts, in each query language, as the service's validator
 * enforces them. Pure data: validate.ts and state-fields.ts read it.
 */
import type { QueryLanguage } from '../states/data-flow';
import type { NumberRule } from './problems';

type FieldSet = readonly string[];

const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const TRANSITION = ['Next', 'End'];
const JSONPATH_IO = ['InputPath', 'OutputPath'];
const JSONPATH_RESULT = ['ResultPath', 'ResultSelector'];

/** Fields only the JSONPath language has, and only JSONata has. */
export const JSONPATH_ONLY: FieldSet = [
  'InputPath',
  'OutputPath',
  'Parameters',
  'ResultPath',
  'ResultSelector',
  'ItemsPath',
  'SecondsPath',
  'TimestampPath',
  'ErrorPath',
  'CausePath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'MaxConcurrencyPath',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentagePath',
  'Result',
];
export const JSONATA_ONLY: FieldSet = ['Arguments', 'Output', 'Items'];

const BY_TYPE: Record<string, { JSONPath: FieldSet; JSONata: FieldSet }> = {
  Pass: {
    JSONPath: [...COMMON, ...TRANSITION, ...JSONPATH_IO, 'Parameters', 'Result', 'ResultPath', 'Assign'],
    JSONata: [...COMMON, ...TRANSITION, 'Output', 'Assign'],
  },
  Task: {
    JSONPath: [
      ...COMMON,
      ...TRANSITION,
      ...JSONPATH_IO,
      ...JSONPATH_RESULT,
      'Resource',
      'Parameters',
      'Credentials',
      'TimeoutSeconds',
      'TimeoutSecondsPath',
      'HeartbeatSeconds',
      'HeartbeatSecondsPath',
      'Retry',
      'Catch',
      'Assign',
    ],
    JSONata: [
      ...COMMON,
      ...TRANSITION,
      'Resource',
      'Arguments',
      'Output',
      'Credentials',
      'TimeoutSeconds',
      'HeartbeatSeconds',
      'Retry',
      'Catch',
      'Assign',
    ],
  },
  Choice: {
    JSONPath: [...COMMON, ...JSONPATH_IO, 'Choices', 'Default', 'Assign'],
    JSONata: [...COMMON, 'Choices', 'Default', 'Output', 'Assign'],
  },
  Wait: {
    JSONPath: [
      ...COMMON,
      ...TRANSITION,
      ...JSONPATH_IO,
      'Seconds',
      'SecondsPath',
      'Timestamp',
      'TimestampPath',
      'Assign',
    ],
    JSONata: [...COMMON, ...TRANSITION, 'Seconds', 'Timestamp', 'Output', 'Assign'],
  },
  Succeed: {
    JSONPath: [...COMMON, ...JSONPATH_IO],
    JSONata: [...COMMON, 'Output'],
  },
  Fail: {
    JSONPath: ['Type', 'Comment', 'QueryLanguage', 'Error', 'ErrorPath', 'Cause', 'CausePath'],
    JSONata: ['Type', 'Comment', 'QueryLanguage', 'Error', 'Cause'],
  },
  Parallel: {
    JSONPath: [
      ...COMMON,
      ...TRANSITION,
      ...JSONPATH_IO,
      ...JSONPATH_RESULT,
      'Branches',
      'Parameters',
      'Retry',
      'Catch',
      'Assign',
    ],
    JSONata: [...COMMON, ...TRANSITION, 'Branches', 'Arguments', 'Output', 'Retry', 'Catch', 'Assign'],
  },
  Map: {
    JSONPath: [
      ...COMMON,
      ...TRANSITION,
      ...JSONPATH_IO,
      ...JSONPATH_RESULT,
      'ItemProcessor',
      'Iterator',
      'ItemsPath',
      'ItemSelector',
      'Parameters',
      'ItemReader',
      'ItemBatcher',
      'ResultWriter',
      'MaxConcurrency',
      'MaxConcurrencyPath',
      'ToleratedFailureCount',
      'ToleratedFailureCountPath',
      'ToleratedFailurePercentage',
      'ToleratedFailurePercentagePath',
      'Label',
      'Retry',
      'Catch',
      'Assign',
    ],
    JSONata: [
      ...COMMON,
      ...TRANSITION,
      'ItemProcessor',
      'Items',
      'ItemSelector',
      'ItemReader',
      'ItemBatcher',
      'ResultWriter',
      'MaxConcurrency',
      'ToleratedFailureCount',
      'ToleratedFailurePercentage',
      'Label',
      'Output',
      'Retry',
      'Catch',
      'Assign',
    ],
  },
};

export const STATE_TYPES: readonly string[] = Object.keys(BY_TYPE);

export function allowedFields(type: string, language: QueryLanguage): FieldSet | undefined {
  return BY_TYPE[type]?.[language];
}

/** Fields of the state machine itself, and of the machines a Parallel branch and a Map processor hold. */
export const MACHINE_FIELDS: FieldSet = [
  'Comment',
  'QueryLanguage',
  'StartAt',
  'TimeoutSeconds',
  'Version',
  'States',
];
export const BRANCH_FIELDS: FieldSet = ['Comment', 'StartAt', 'States'];
export const PROCESSOR_FIELDS: FieldSet = ['Comment', 'StartAt', 'States', 'ProcessorConfig'];

/** The one ASL version the service takes. */
export const ASL_VERSIONS: FieldSet = ['1.0'];

/** Fields a Map takes only when its ProcessorConfig Mode is DISTRIBUTED. */
export const DISTRIBUTED_MAP_ONLY: FieldSet = [
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'ToleratedFailureCount',
  'ToleratedFailurePercentage',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentagePath',
  'Label',
];

/**
 * Literal numbers in states and their ranges (a JSONata state may give a `{% %}` expression
 * instead, checked when it runs). The 99999999 bounds are the service's.
 */
export const NUMBER_FIELDS: Readonly<Record<string, Readonly<Record<string, NumberRule>>>> = {
  Task: {
    TimeoutSeconds: { min: 1, max: 99999999 },
    HeartbeatSeconds: { min: 1, max: 99999999 },
  },
  Wait: { Seconds: { min: 0, max: 99999999 } },
  Map: {
    MaxConcurrency: { min: 0 },
    ToleratedFailureCount: { min: 0 },
    ToleratedFailurePercentage: { integer: false, min: 0, max: 100 },
  },
};

/** Pairs of fields of which a state may have at most one. */
export const EXCLUSIVE_FIELDS: readonly (readonly [string, string])[] = [
  ['TimeoutSeconds', 'TimeoutSecondsPath'],
  ['HeartbeatSeconds', 'HeartbeatSecondsPath'],
  ['Error', 'ErrorPath'],
  ['Cause', 'CausePath'],
  ['MaxConcurrency', 'MaxConcurrencyPath'],
  ['ToleratedFailureCount', 'ToleratedFailureCountPath'],
  ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath'],
  ['ItemProcessor', 'Iterator'],
  ['ItemSelector', 'Parameters'],
  ['Next', 'End'],
];
