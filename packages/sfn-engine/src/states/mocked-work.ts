import type { StatesError } from '../errors';
import type { Json } from '@myblog/asl';

/**
 * TestState with a mock: the work of the Map or Parallel state under test (its iterations, its
 * branches) is not done, and the mock stands for what it produced; the state's own data flow,
 * Retry and Catch still run around it. (A mocked Task's call is answered by TestState's resolver.)
 */
export interface MockedWork {
  readonly outcome: { readonly result: Json } | { readonly error: StatesError };
  /** Map: how many iterations failed (TestState's stateConfiguration.mapIterationFailureCount). */
  readonly mapIterationFailureCount?: number;
  /** Map: what its ItemReader would have read, as found in the source (stateConfiguration.mapItemReaderData). */
  readonly mapItemReaderData?: string;
}

/** The mocked result, or the mocked error thrown. */
export function mockedResult(work: MockedWork): Json {
  const outcome = work.outcome;
  if ('error' in outcome) throw outcome.error;
  return outcome.result;
}
