import { createRequire } from 'node:module';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parsesAsJsonata } from '../query/jsonata/syntax-check';
import type { DefinitionProblem } from '../errors';
import { say } from './problems';

/**
 * asl-validator's JSON schemas of the Amazon States Language, compiled once. asl-validator
 * itself builds a new Ajv on every call (about 100 ms); the engine validates every
 * CreateStateMachine, so it loads the same schemas into one Ajv and reuses it. Paths, payload
 * templates and JSONata are checked precisely by validate.ts, so their formats accept anything
 * here, as asl-validator does with `checkPaths: false`.
 */
const SCHEMAS = [
  'common',
  'paths',
  'jsonata',
  'choice',
  'fail',
  'parallel',
  'pass',
  'base-state-machine',
  'state-machine',
  'state',
  'succeed',
  'task',
  'wait',
  'map',
  'errors',
] as const;

let compiled: ValidateFunction | undefined;

function isJsonata(value: string): boolean {
  // Trimmed inside too, as jsonataBody does (whitespace at the ends means nothing to JSONata), so
  // the expression rules find this verdict kept under the same text.
  return parsesAsJsonata(value.trim().replace(/^\{%/, '').replace(/%\}$/, '').trim());
}

function validator(): ValidateFunction {
  if (compiled !== undefined) return compiled;
  const load = createRequire(__filename);
  const ajv = new Ajv({
    schemas: SCHEMAS.map((name) => load(`asl-validator/dist/src/schemas/${name}.json`) as object),
    allowUnionTypes: true,
  });
  addFormats(ajv);
  ajv.addFormat('jsonata_string', isJsonata);
  ajv.addFormat(
    'maybe_jsonata_string',
    (value: string) => !/^\s*\{%|%\}\s*$/.test(value) || isJsonata(value),
  );
  for (const format of ['asl_path', 'asl_ref_path', 'asl_payload_template', 'asl_result_path', 'asl_arn'])
    ajv.addFormat(format, () => true);
  compiled = ajv.getSchema('http://asl-validator.cloud/state-machine.json#') as ValidateFunction;
  return compiled;
}

/**
 * An ajv instance path (`/States/A/Retry/0`) as the service writes a location
 * (`/States/A/Retry[0]`): array items in brackets, JSON pointer escapes undone. Whether a segment
 * is an index is read from the definition itself, so a state named "0" stays a name.
 */
function locationOf(definition: unknown, instancePath: string): string {
  if (instancePath === '') return '/';
  let location = '';
  let value: unknown = definition;
  for (const raw of instancePath.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      location += `[${segment}]`;
      value = value[Number(segment)];
    } else {
      location += `/${segment}`;
      value =
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[segment] : undefined;
    }
  }
  return location;
}

const TYPE_WORDS: Record<string, string> = {
  integer: say.integer,
  number: say.number,
  string: say.string,
  boolean: say.boolean,
  array: say.array,
  object: say.object,
};

/** ajv's error in the service's words where the service has words for it. */
function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return say.required([String(params['missingProperty'])]);
    case 'additionalProperties':
      return say.notSupported(String(params['additionalProperty']));
    case 'type':
      return TYPE_WORDS[String(params['type'])] ?? error.message ?? 'is invalid';
    case 'minimum':
      return say.minimum(Number(params['limit']));
    case 'maximum':
      return say.maximum(Number(params['limit']));
    case 'enum':
      return say.oneOf((params['allowedValues'] as unknown[]).map(String));
    case 'minItems':
    case 'minProperties':
      return say.empty;
    default:
      return error.message ?? 'is invalid';
  }
}

/**
 * Schema problems, reported like asl-validator does: the deepest failing paths only, in the
 * service's words and locations. The validator expects QueryLanguage on every state
 * (asl-validator fills it in), so a copy is annotated first.
 */
export function schemaProblems(definition: object): DefinitionProblem[] {
  const copy = structuredClone(definition) as { QueryLanguage?: string };
  const fill = (machine: unknown, language: string): void => {
    if (typeof machine !== 'object' || machine === null) return;
    const states = (machine as { States?: unknown }).States;
    if (typeof states !== 'object' || states === null) return;
    for (const state of Object.values(states as Record<string, unknown>)) {
      if (typeof state !== 'object' || state === null) continue;
      const record = state as Record<string, unknown>;
      record['QueryLanguage'] ??= language;
      for (const branch of Array.isArray(record['Branches']) ? record['Branches'] : [])
        fill(branch, language);
      fill(record['ItemProcessor'] ?? record['Iterator'], language);
    }
  };
  fill(copy, copy.QueryLanguage ?? 'JSONPath');
  const validate = validator();
  if (validate(copy)) return [];
  const errors = validate.errors ?? [];
  const depth = (path: string) => path.split('/').length;
  const deepest = Math.max(...errors.map((e) => depth(e.instancePath)));
  const selected = errors.filter((e) => depth(e.instancePath) === deepest);
  const withOneOf = new Set(selected.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const seen = new Set<string>();
  const problems: DefinitionProblem[] = [];
  for (const error of selected) {
    if (error.keyword !== 'oneOf' && withOneOf.has(error.instancePath)) continue;
    const message = messageOf(error);
    const key = `${error.instancePath} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({
      code: 'SCHEMA_VALIDATION_FAILED',
      path: locationOf(definition, error.instancePath),
      message,
    });
  }
  return problems;
}
