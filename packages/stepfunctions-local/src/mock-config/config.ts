import { readFileSync } from 'node:fs';
import type { JsonObject } from '@myblog/asl';
import { formatPath, type Invocations, type MockedResponse, mockConfigSchema } from './schema';

export type { MockedResponse } from './schema';

/**
 * AWS Step Functions Local's mock configuration file, read as AWS documents it (the rules are in
 * schema.ts), in the shape the resolver looks responses up in.
 */
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

/** Checks a mock config against AWS's rules; every problem is reported with the path where it is. */
export function parseMockConfig(document: unknown, source = 'file'): MockConfig {
  const parsed = mockConfigSchema.safeParse(document);
  if (!parsed.success)
    throw new MockConfigError(
      source,
      parsed.error.issues.map((issue) =>
        issue.path.length === 0 ? issue.message : `${formatPath(issue.path)}: ${issue.message}`,
      ),
    );
  const testCases = new Map<string, ReadonlyMap<string, ReadonlyMap<string, string>>>();
  for (const [machine, { TestCases }] of Object.entries(parsed.data.StateMachines))
    testCases.set(
      machine,
      new Map(Object.entries(TestCases).map(([name, states]) => [name, new Map(Object.entries(states))])),
    );
  return { testCases, responses: new Map(Object.entries(parsed.data.MockedResponses)) };
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
          `${formatPath(['StateMachines', machineName, 'TestCases', caseName, state])}: the state machine has no state "${state}"`,
        );
    }
  }
  return problems;
}

export type { JsonObject };
