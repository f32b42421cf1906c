import { readFileSync } from 'node:fs';
import { type Json, type JsonObject, isObject } from '@myblog/asl';

/**
 * AWS Step Functions Local's mock configuration file, read as AWS documents it:
 * `StateMachines.<machine>.TestCases.<case>.<state> → <response name>` and
 * `MockedResponses.<name>.<"0" | "1-2" ...> → {Return: ...} | {Throw: {Error, Cause}}`.
 */
export type MockedResponse =
  | { readonly kind: 'return'; readonly value: Json }
  | { readonly kind: 'throw'; readonly error: string; readonly cause: string };

interface Invocations {
  /** First and last invocation (0-based) this response answers. */
  readonly from: number;
  readonly to: number;
  readonly response: MockedResponse;
}

export interface MockConfig {
  /** machine → case → state → response name */
  readonly testCases: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, string>>>;
  readonly responses: ReadonlyMap<string, readonly Invocations[]>;
}

export class MockConfigError extends Error {
  override readonly name = 'MockConfigError';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(
      `The mock config ${source} has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

function parseResponse(value: Json | undefined, at: string, problems: string[]): MockedResponse | undefined {
  if (!isObject(value)) {
    problems.push(`${at} must be an object with Return or Throw`);
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1 || (keys[0] !== 'Return' && keys[0] !== 'Throw')) {
    problems.push(`${at} must have exactly one of Return or Throw, it has ${keys.join(', ') || 'neither'}`);
    return undefined;
  }
  if (keys[0] === 'Return') return { kind: 'return', value: value['Return'] as Json };
  const thrown = value['Throw'];
  if (!isObject(thrown) || typeof thrown['Error'] !== 'string') {
    problems.push(`${at}.Throw must be an object with an Error string (and optionally a Cause)`);
    return undefined;
  }
  return {
    kind: 'throw',
    error: thrown['Error'],
    cause: typeof thrown['Cause'] === 'string' ? thrown['Cause'] : '',
  };
}

function parseResponses(name: string, value: Json | undefined, problems: string[]): Invocations[] {
  const at = `MockedResponses.${name}`;
  if (!isObject(value) || Object.keys(value).length === 0) {
    problems.push(`${at} must be an object of invocation numbers ("0", "1-2" ...)`);
    return [];
  }
  const result: Invocations[] = [];
  for (const [key, response] of Object.entries(value)) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(key);
    if (range === null) {
      problems.push(`${at}."${key}" is not an invocation number or range like "0" or "1-2"`);
      continue;
    }
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from) {
      problems.push(`${at}."${key}" is a range that ends before it starts`);
      continue;
    }
    const parsed = parseResponse(response, `${at}."${key}"`, problems);
    if (parsed !== undefined) result.push({ from, to, response: parsed });
  }
  result.sort((a, b) => a.from - b.from);
  let expected = 0;
  for (const entry of result) {
    if (entry.from !== expected) {
      problems.push(
        `${at} must cover invocations from 0 without gaps or overlaps; invocation ${expected} is ${entry.from > expected ? 'missing' : 'defined twice'}`,
      );
      break;
    }
    expected = entry.to + 1;
  }
  return result;
}

/** Parses and checks a mock config; every problem is reported with where it is. */
export function parseMockConfig(document: unknown, source = 'file'): MockConfig {
  const problems: string[] = [];
  const responses = new Map<string, Invocations[]>();
  const testCases = new Map<string, Map<string, Map<string, string>>>();
  if (!isObject(document))
    throw new MockConfigError(source, [
      'the file must hold a JSON object with StateMachines and MockedResponses',
    ]);
  const mocked = document['MockedResponses'] ?? {};
  if (!isObject(mocked)) problems.push('MockedResponses must be an object');
  else
    for (const [name, value] of Object.entries(mocked))
      responses.set(name, parseResponses(name, value, problems));
  const machines = document['StateMachines'] ?? {};
  if (!isObject(machines)) problems.push('StateMachines must be an object');
  else {
    for (const [machine, value] of Object.entries(machines)) {
      const cases = isObject(value) ? value['TestCases'] : undefined;
      if (!isObject(cases)) {
        problems.push(`StateMachines.${machine}.TestCases must be an object`);
        continue;
      }
      const byCase = new Map<string, Map<string, string>>();
      for (const [caseName, states] of Object.entries(cases)) {
        if (!isObject(states)) {
          problems.push(
            `StateMachines.${machine}.TestCases.${caseName} must map state names to response names`,
          );
          continue;
        }
        const byState = new Map<string, string>();
        for (const [state, response] of Object.entries(states)) {
          if (typeof response !== 'string')
            problems.push(
              `StateMachines.${machine}.TestCases.${caseName}.${state} must name a mocked response`,
            );
          else if (!responses.has(response) && isObject(mocked)) {
            problems.push(
              `StateMachines.${machine}.TestCases.${caseName}.${state} names "${response}", which is not in MockedResponses`,
            );
          } else byState.set(state, response);
        }
        byCase.set(caseName, byState);
      }
      testCases.set(machine, byCase);
    }
  }
  if (problems.length > 0) throw new MockConfigError(source, problems);
  return { testCases, responses };
}

export function loadMockConfig(path: string): MockConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new MockConfigError(path, [`cannot be read: ${(error as Error).message}`]);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new MockConfigError(path, [`is not valid JSON: ${(error as Error).message}`]);
  }
  return parseMockConfig(document, path);
}

/** The response for a state's n-th invocation (0-based); past the last range, the last response. */
export function responseFor(
  config: MockConfig,
  responseName: string,
  invocation: number,
): MockedResponse | undefined {
  const ranges = config.responses.get(responseName);
  if (ranges === undefined || ranges.length === 0) return undefined;
  return (ranges.find((r) => invocation >= r.from && invocation <= r.to) ?? ranges[ranges.length - 1])
    ?.response;
}

/** State names a test case mocks that the definition does not have (reported when a machine is created). */
export function unknownMockedStates(
  config: MockConfig,
  machineName: string,
  stateNames: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  for (const [caseName, states] of config.testCases.get(machineName) ?? []) {
    for (const state of states.keys()) {
      if (!stateNames.has(state))
        problems.push(
          `StateMachines.${machineName}.TestCases.${caseName}.${state}: the state machine has no state "${state}"`,
        );
    }
  }
  return problems;
}

export type { JsonObject };
