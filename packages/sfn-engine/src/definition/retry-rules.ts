/**
 * What the service accepts in Retry and Catch, in one place: the fields of a retrier and a
 * catcher, the bounds of each number (IntervalSeconds, MaxAttempts, BackoffRate,
 * MaxDelaySeconds), JitterStrategy's values and the rules of ErrorEquals.
 *
 * IntervalSeconds is refused below 1 as the service documents it ("a positive integer");
 * AWS Step Functions Local accepted 0. A compatibility mode that lets 0 through passes its own
 * limits to checkRetryAndCatch.
 */
import { isObject } from '@myblog/asl';
import type { QueryLanguage } from '../states/data-flow';
import { checkPathFields } from './path-rules';
import { checkNumber, itemAt, type NumberRule, type Problems, say } from './problems';

export const RETRIER_LIMITS: Readonly<Record<string, NumberRule>> = {
  IntervalSeconds: { min: 1, max: 99999999 },
  MaxAttempts: { min: 0, max: 99999999 },
  BackoffRate: { integer: false, min: 1 },
  MaxDelaySeconds: { min: 1, max: 31622400 },
};

/**
 * The bounds AWS Step Functions Local checks: IntervalSeconds 0 is accepted, and published suites
 * use it so that retries cost no time (kenfdev/step-functions-testing's sales-lead machine retries
 * its Lambda tasks with `IntervalSeconds: 0`; its recorded history shows the attempts a few
 * milliseconds apart). Used by the `stepfunctions-local` compatibility mode (packages/sfn-engine/src/compat).
 */
export const STEP_FUNCTIONS_LOCAL_RETRIER_LIMITS: Readonly<Record<string, NumberRule>> = {
  ...RETRIER_LIMITS,
  IntervalSeconds: { min: 0, max: 99999999 },
};

export const JITTER_STRATEGIES: readonly string[] = ['NONE', 'FULL'];

const RETRIER_FIELDS: readonly string[] = [
  'ErrorEquals',
  'Comment',
  ...Object.keys(RETRIER_LIMITS),
  'JitterStrategy',
];
const CATCHER_FIELDS: Record<QueryLanguage, readonly string[]> = {
  JSONPath: ['ErrorEquals', 'Comment', 'Next', 'ResultPath', 'Assign'],
  JSONata: ['ErrorEquals', 'Comment', 'Next', 'Output', 'Assign'],
};

/** ErrorEquals: a non-empty list of names, States.ALL alone and in the last entry. */
function checkErrorEquals(
  entry: Record<string, unknown>,
  at: string,
  last: boolean,
  problems: Problems,
): void {
  const errors = entry['ErrorEquals'];
  if (errors === undefined) return;
  if (!Array.isArray(errors)) return problems.add(`${at}/ErrorEquals`, say.array);
  if (errors.length === 0) return problems.add(`${at}/ErrorEquals`, say.empty);
  if (errors.some((name) => typeof name !== 'string')) return problems.add(`${at}/ErrorEquals`, say.string);
  if (errors.includes('States.ALL') && (errors.length > 1 || !last))
    problems.add(`${at}/ErrorEquals`, 'States.ALL must appear alone and at end of list');
}

/**
 * Retry and Catch of a state at `path`. Fields a retrier or catcher does not have, and missing
 * ErrorEquals or Next, are reported at the entry; bad values at the field.
 */
export function checkRetryAndCatch(
  definition: Record<string, unknown>,
  path: string,
  language: QueryLanguage,
  problems: Problems,
  limits: Readonly<Record<string, NumberRule>> = RETRIER_LIMITS,
): void {
  for (const field of ['Retry', 'Catch'] as const) {
    const list = definition[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.add(`${path}/${field}`, say.array);
      continue;
    }
    const allowed = field === 'Retry' ? RETRIER_FIELDS : CATCHER_FIELDS[language];
    list.forEach((entry: unknown, i) => {
      const at = itemAt(path, field, i);
      if (!isObject(entry)) return problems.add(at, say.object);
      for (const name of Object.keys(entry))
        if (!allowed.includes(name)) problems.add(at, say.notSupported(name));
      const required = ['ErrorEquals', ...(field === 'Catch' ? ['Next'] : [])].filter(
        (name) => entry[name] === undefined,
      );
      if (required.length > 0) problems.add(at, say.required(required));
      checkErrorEquals(entry, at, i === list.length - 1, problems);
      if (field === 'Catch') {
        if (entry['Next'] !== undefined && typeof entry['Next'] !== 'string')
          problems.add(`${at}/Next`, say.string);
        if (language === 'JSONPath') checkPathFields(entry, ['ResultPath'], at, problems);
        return;
      }
      for (const [name, rule] of Object.entries(limits)) {
        if (entry[name] !== undefined) checkNumber(problems, `${at}/${name}`, entry[name], rule);
      }
      const jitter = entry['JitterStrategy'];
      if (jitter !== undefined && !JITTER_STRATEGIES.includes(jitter as string))
        problems.add(`${at}/JitterStrategy`, say.oneOf(JITTER_STRATEGIES));
    });
  }
}
