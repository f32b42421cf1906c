import type { Json } from '@myblog/asl';
import { z } from 'zod';

/**
 * The mock configuration file as AWS documents it ("Configuration file for mocked service
 * integrations"): `StateMachines.<machine>.TestCases.<case>.<state> → <response name>` and
 * `MockedResponses.<name>.<"0" | "1-2" ...> → {Return: ...} | {Throw: {Error, Cause}}`.
 * Every rule is checked here, so each problem is reported at the path of the value that breaks it.
 */

/** A message for a value of the wrong type; other issues (unknown keys ...) keep zod's own. */
function typeError(message: string) {
  return (issue: { code?: string }) => (issue.code === 'invalid_type' ? message : undefined);
}

// Checks across fields run on every object, even one whose fields have problems of their own, so a
// file's mistakes are all reported in one pass; they read only keys and `in`, never field values.
const everyObject = (payload: { value: unknown }) => isRecord(payload.value);

/** An invocation number ("3") or an inclusive range of them ("0-2"), counted from 0. */
const INVOCATIONS = /^(\d+)(?:-(\d+))?$/;

// "The value of Throw must be an object containing an Error and Cause fields with string values."
const thrownSchema = z.strictObject(
  {
    Error: z.string({ error: 'must be a string (the error name Retry and Catch match)' }),
    Cause: z.string({ error: 'must be a string' }),
  },
  { error: typeError('must be an object with Error and Cause strings') },
);

// "A response must contain a single field named Return or Throw."
const responseSchema = z
  .strictObject(
    { Return: z.json().optional(), Throw: thrownSchema.optional() },
    { error: typeError('must be an object with Return or Throw') },
  )
  .superRefine(
    (response, context) => {
      const fields = ['Return', 'Throw'].filter((field) => field in response);
      if (fields.length !== 1)
        context.addIssue({
          code: 'custom',
          message: `must have exactly one of Return or Throw, it has ${fields.join(' and ') || 'neither'}`,
        });
    },
    { when: everyObject },
  )
  // The check above leaves exactly one of the two, so without Throw there is a Return.
  .transform((response): MockedResponse =>
    response.Throw === undefined
      ? { kind: 'return', value: response.Return ?? null }
      : { kind: 'throw', error: response.Throw.Error, cause: response.Throw.Cause },
  );

export type MockedResponse =
  | { readonly kind: 'return'; readonly value: Json }
  | { readonly kind: 'throw'; readonly error: string; readonly cause: string };

export interface InvocationRange {
  /** First and last invocation (0-based) a response answers. */
  readonly from: number;
  readonly to: number;
}

export interface Invocations extends InvocationRange {
  readonly response: MockedResponse;
}

/** The invocations a key answers, or undefined when the key is not a number or range. */
export function invocationRange(key: string): InvocationRange | undefined {
  const match = INVOCATIONS.exec(key);
  if (match === null) return undefined;
  const from = Number(match[1]);
  return { from, to: match[2] === undefined ? from : Number(match[2]) };
}

// "When you mock a Task, you must specify a mocked response for every invocation": the keys
// cover 0, 1, 2 ... without a gap, and no invocation is answered twice.
const invocationsSchema = z
  .record(z.string(), responseSchema, { error: 'must be an object of invocation numbers ("0", "1-2" ...)' })
  .superRefine(
    (entries, context) => {
      const ranges: (InvocationRange & { key: string })[] = [];
      for (const key of Object.keys(entries)) {
        const range = invocationRange(key);
        if (range === undefined)
          context.addIssue({
            code: 'custom',
            path: [key],
            message: 'is not an invocation number or an inclusive range like "0" or "1-2"',
          });
        else if (range.to < range.from)
          context.addIssue({ code: 'custom', path: [key], message: 'is a range that ends before it starts' });
        else ranges.push({ ...range, key });
      }
      if (ranges.length === 0) {
        if (Object.keys(entries).length === 0)
          context.addIssue({ code: 'custom', message: 'must define the response to invocation "0"' });
        return;
      }
      ranges.sort((a, b) => a.from - b.from || a.to - b.to);
      let next = 0;
      for (const range of ranges) {
        if (range.from > next) {
          context.addIssue({
            code: 'custom',
            message: `must answer every invocation from 0: invocation ${next} is missing`,
          });
          return;
        }
        if (range.from < next) {
          context.addIssue({
            code: 'custom',
            path: [range.key],
            message: `answers invocation ${range.from}, which an earlier key answers already`,
          });
          return;
        }
        next = range.to + 1;
      }
    },
    { when: everyObject },
  )
  .transform((entries): Invocations[] =>
    Object.entries(entries)
      .flatMap(([key, response]) => {
        const range = invocationRange(key);
        return range === undefined ? [] : [{ ...range, response }];
      })
      .sort((a, b) => a.from - b.from),
  );

const testCaseSchema = z.record(z.string(), z.string({ error: 'must name a mocked response (a string)' }), {
  error: 'must be an object mapping state names to mocked response names',
});

// "The value is an object containing a single field named TestCases."
const stateMachineSchema = z.strictObject(
  { TestCases: z.record(z.string(), testCaseSchema, { error: 'must be an object of test cases' }) },
  { error: typeError('must be an object with TestCases') },
);

export const mockConfigSchema = z
  .strictObject(
    {
      StateMachines: z
        .record(z.string(), stateMachineSchema, { error: 'must be an object of state machines' })
        .default({}),
      MockedResponses: z
        .record(z.string(), invocationsSchema, { error: 'must be an object of mocked responses' })
        .default({}),
    },
    { error: typeError('the file must hold a JSON object with StateMachines and MockedResponses') },
  )
  // Reads only the parts that have the right shape and leaves the rest to the issues already raised.
  .superRefine(
    (config, context) => {
      const defined = isRecord(config.MockedResponses) ? config.MockedResponses : undefined;
      if (defined === undefined) return;
      for (const [machine, definition] of entriesOf(config.StateMachines))
        for (const [testCase, states] of entriesOf(
          isRecord(definition) ? definition['TestCases'] : undefined,
        ))
          for (const [state, response] of entriesOf(states))
            if (typeof response === 'string' && !Object.hasOwn(defined, response))
              context.addIssue({
                code: 'custom',
                path: ['StateMachines', machine, 'TestCases', testCase, state],
                message: `names "${response}", which no MockedResponses entry defines`,
              });
    },
    { when: everyObject },
  );

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entriesOf(value: unknown): [string, unknown][] {
  return isRecord(value) ? Object.entries(value) : [];
}

export type MockConfigDocument = z.output<typeof mockConfigSchema>;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A path as people write it: `MockedResponses.Ok."1-2"`, quoting names that are not identifiers. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment) => {
      const name = String(segment);
      return IDENTIFIER.test(name) ? name : JSON.stringify(name);
    })
    .join('.');
}
