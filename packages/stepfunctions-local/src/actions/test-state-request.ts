import { SerializationException, ValidationException } from '@myblog/sfn-engine';
import type { FieldValidationMode, MockInput, StateConfiguration } from '@myblog/sfn-engine';
import type { RequestBody } from '../wire';

/** The service's message for a member that breaks a constraint of the API model. */
const constraint = (value: unknown, field: string, rule: string) =>
  new ValidationException(
    `1 validation error detected: Value ${value === null ? 'null' : `'${String(value)}'`} at '${field}' failed to satisfy constraint: ${rule}`,
  );

function wrongType(value: unknown, field: string, wanted: string): SerializationException {
  if (Array.isArray(value)) return new SerializationException('Start of list found where not expected');
  if (typeof value === 'object' && value !== null)
    return new SerializationException('Start of structure or map found where not expected.');
  return new SerializationException(`Member '${field}' must be ${wanted}`);
}

function objectAt(body: RequestBody, field: string): RequestBody | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(value, field, 'a structure');
  return value as RequestBody;
}

function stringAt(
  body: RequestBody,
  field: string,
  path: string,
  length: { min?: number; max?: number } = {},
): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(value, path, 'a string');
  if (length.min !== undefined && value.length < length.min)
    throw constraint(value, path, `Member must have length greater than or equal to ${length.min}`);
  if (length.max !== undefined && value.length > length.max)
    throw constraint(value, path, `Member must have length less than or equal to ${length.max}`);
  return value;
}

function countAt(body: RequestBody, field: string, path: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(value, path, 'an integer');
  if (value < 0) throw constraint(value, path, 'Member must have value greater than or equal to 0');
  return value;
}

const MODES: readonly FieldValidationMode[] = ['STRICT', 'PRESENT', 'NONE'];
/** The quota on a mocked result and on ItemReader data, as on any payload. */
const PAYLOAD = 262144;

/** `mock`: a result or an errorOutput, and how strictly the result is checked. */
export function mockOf(body: RequestBody): MockInput | undefined {
  const mock = objectAt(body, 'mock');
  if (mock === undefined) return undefined;
  const result = stringAt(mock, 'result', 'mock.result', { max: PAYLOAD });
  const errorBody = objectAt(mock, 'errorOutput');
  const mode = stringAt(mock, 'fieldValidationMode', 'mock.fieldValidationMode');
  if (mode !== undefined && !MODES.includes(mode as FieldValidationMode))
    throw constraint(
      mode,
      'mock.fieldValidationMode',
      `Member must satisfy enum value set: [${MODES.join(', ')}]`,
    );
  const error = errorBody === undefined ? undefined : stringAt(errorBody, 'error', 'mock.errorOutput.error');
  const cause = errorBody === undefined ? undefined : stringAt(errorBody, 'cause', 'mock.errorOutput.cause');
  return {
    ...(result === undefined ? {} : { result }),
    ...(errorBody === undefined
      ? {}
      : {
          errorOutput: {
            ...(error === undefined ? {} : { error }),
            ...(cause === undefined ? {} : { cause }),
          },
        }),
    ...(mode === undefined ? {} : { fieldValidationMode: mode as FieldValidationMode }),
  };
}

/** `stateConfiguration`: where a mocked run stands (retries made, Map failures, reader data). */
export function stateConfigurationOf(body: RequestBody): StateConfiguration | undefined {
  const configuration = objectAt(body, 'stateConfiguration');
  if (configuration === undefined) return undefined;
  const path = (field: string) => `stateConfiguration.${field}`;
  const retrierRetryCount = countAt(configuration, 'retrierRetryCount', path('retrierRetryCount'));
  const mapIterationFailureCount = countAt(
    configuration,
    'mapIterationFailureCount',
    path('mapIterationFailureCount'),
  );
  const errorCausedByState = stringAt(configuration, 'errorCausedByState', path('errorCausedByState'), {
    min: 1,
    max: 80,
  });
  const mapItemReaderData = stringAt(configuration, 'mapItemReaderData', path('mapItemReaderData'), {
    max: PAYLOAD,
  });
  return {
    ...(retrierRetryCount === undefined ? {} : { retrierRetryCount }),
    ...(mapIterationFailureCount === undefined ? {} : { mapIterationFailureCount }),
    ...(errorCausedByState === undefined ? {} : { errorCausedByState }),
    ...(mapItemReaderData === undefined ? {} : { mapItemReaderData }),
  };
}

/** `stateName`: a state's name, 1 to 80 characters. */
export function stateNameOf(body: RequestBody): string | undefined {
  return stringAt(body, 'stateName', 'stateName', { min: 1, max: 80 });
}
