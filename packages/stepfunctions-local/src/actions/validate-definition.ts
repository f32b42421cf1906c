import { definitionWarnings } from '@myblog/sfn-engine';
import type { StateMachineType, StepFunctionsEngine } from '@myblog/sfn-engine';
import { ValidationException } from '@myblog/sfn-engine';
import type { DefinitionProblem } from '@myblog/sfn-engine';
import { isObject, type JsonObject } from '@myblog/asl';
import { nestsTooDeep, tooDeepMessage } from '../json-limits';
import { optionalInteger, optionalString, requiredString, type RequestBody } from '../wire';

type Severity = 'ERROR' | 'WARNING';

interface Diagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly location?: string;
}

/** The default and the most diagnostics one answer holds (maxResults 0 also means 100). */
const MAX_RESULTS = 100;

const diagnostic = (severity: Severity, problem: DefinitionProblem): Diagnostic => ({
  severity,
  code: problem.code ?? 'SCHEMA_VALIDATION_FAILED',
  message: problem.message,
  ...(problem.path === undefined ? {} : { location: problem.path }),
});

/**
 * The request's members checked as the service's model checks them, every violation in one
 * ValidationException ("2 validation errors detected: …; …").
 */
function request(body: RequestBody): {
  definition: string;
  type: StateMachineType;
  severity: Severity;
  maxResults: number;
} {
  // An empty definition is answered with a diagnostic, as the service answers it.
  const definition = optionalString(body, 'definition') ?? requiredString(body, 'definition');
  const type = optionalString(body, 'type') ?? 'STANDARD';
  const severity = optionalString(body, 'severity') ?? 'ERROR';
  // Any Integer (an int32) is read; the bounds of this member are checked below, in its words.
  const maxResults = optionalInteger(body, 'maxResults', -(2 ** 31), 2 ** 31 - 1);
  const violations: string[] = [];
  if (type !== 'STANDARD' && type !== 'EXPRESS')
    violations.push(
      `Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]`,
    );
  if (severity !== 'ERROR' && severity !== 'WARNING')
    violations.push(
      `Value '${severity}' at 'severity' failed to satisfy constraint: Member must satisfy enum value set: [ERROR, WARNING]`,
    );
  if (maxResults !== undefined && maxResults > MAX_RESULTS)
    violations.push(
      `Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_RESULTS}`,
    );
  if (maxResults !== undefined && maxResults < 0)
    violations.push(
      `Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0`,
    );
  if (violations.length > 0)
    throw new ValidationException(
      `${violations.length} validation error${violations.length === 1 ? '' : 's'} detected: ${violations.join('; ')}`,
    );
  return {
    definition,
    type: type as StateMachineType,
    severity: severity as Severity,
    maxResults: maxResults === undefined || maxResults === 0 ? MAX_RESULTS : maxResults,
  };
}

/** The definition as an object, when it is JSON of one and shallow enough to walk. */
function parsedObject(text: string): JsonObject | undefined {
  if (nestsTooDeep(text)) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * ValidateStateMachineDefinition: the problems CreateStateMachine would refuse the definition
 * for, as ERROR diagnostics, and with `severity: WARNING` the warnings too. `result` is FAIL when
 * any error is found; at most `maxResults` diagnostics are answered, `truncated` telling whether
 * more were found.
 */
export async function validateStateMachineDefinition(
  engine: StepFunctionsEngine,
  body: RequestBody,
): Promise<object> {
  const { definition, type, severity, maxResults } = request(body);
  // Too deep to walk: reported as JSON that does not parse is. Its expressions are parsed a
  // slice at a time first, as CreateStateMachine's are.
  const errors = nestsTooDeep(definition)
    ? [{ code: 'INVALID_JSON_DESCRIPTION', message: tooDeepMessage('The definition') }]
    : await engine.withDefinitionParsed(definition, () => engine.validate(definition, type));
  const found = errors.map((problem) => diagnostic('ERROR', problem));
  if (severity === 'WARNING') {
    const parsed = parsedObject(definition);
    if (parsed !== undefined)
      found.push(...definitionWarnings(parsed).map((problem) => diagnostic('WARNING', problem)));
  }
  return {
    result: errors.length === 0 ? 'OK' : 'FAIL',
    diagnostics: found.slice(0, maxResults),
    truncated: found.length > maxResults,
  };
}
