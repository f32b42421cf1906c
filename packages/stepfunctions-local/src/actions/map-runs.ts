import { SerializationException } from '@myblog/sfn-engine';
import type { StepFunctionsEngine } from '@myblog/sfn-engine';
import { page } from '../paging';
import { type Action, optionalInteger, requiredString, type RequestBody } from '../wire';

/** The widest whole number the JSON protocol carries exactly; the service bounds it further. */
const WHOLE = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

/** A Float member (toleratedFailurePercentage): any JSON number; its range is the engine's to check. */
function optionalFloat(body: RequestBody, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'object')
    throw new SerializationException(
      Array.isArray(value)
        ? 'Start of list found where not expected'
        : 'Start of structure or map found where not expected.',
    );
  throw new SerializationException(
    `${typeof value === 'string' ? 'STRING_VALUE' : 'BOOLEAN_VALUE'} can not be converted to a Float`,
  );
}

/** DescribeMapRun, ListMapRuns, UpdateMapRun. */
export function mapRunActions(engine: StepFunctionsEngine): Record<string, Action> {
  return {
    DescribeMapRun: (body) => engine.mapRuns.get(requiredString(body, 'mapRunArn')).describe(),
    ListMapRuns: (body) => {
      const runs = engine.listMapRuns(requiredString(body, 'executionArn')).map((run) => run.listItem());
      const { items, nextToken } = page(runs, body, 'mapRuns');
      return { mapRuns: items, nextToken };
    },
    UpdateMapRun: (body) => {
      const mapRunArn = requiredString(body, 'mapRunArn');
      const maxConcurrency = optionalInteger(body, 'maxConcurrency', WHOLE.min, WHOLE.max);
      const toleratedFailureCount = optionalInteger(body, 'toleratedFailureCount', WHOLE.min, WHOLE.max);
      const toleratedFailurePercentage = optionalFloat(body, 'toleratedFailurePercentage');
      engine.mapRuns.update(mapRunArn, {
        ...(maxConcurrency === undefined ? {} : { maxConcurrency }),
        ...(toleratedFailureCount === undefined ? {} : { toleratedFailureCount }),
        ...(toleratedFailurePercentage === undefined ? {} : { toleratedFailurePercentage }),
      });
      return {};
    },
  };
}
