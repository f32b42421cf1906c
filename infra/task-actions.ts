import { allStates } from '@myblog/asl';
import type { Json, JsonObject } from '@myblog/asl';
import { placeholdersIn } from '@myblog/asl';

/**
 * The IAM actions each `${Name}` substitution of a workflow is used for, read from the
 * definition's Task states: `arn:aws:states:::dynamodb:putItem` with `TableName: ${SentLogTableName}`
 * means `dynamodb:PutItem` on that table, and nothing else. Grants built from this are exactly
 * what the workflow calls, as the service integration docs list them. Pure: no CDK, no I/O.
 */
export function taskActionsBySubstitution(definition: JsonObject): Map<string, Set<string>> {
  const actions = new Map<string, Set<string>>();
  for (const { definition: state } of allStates(definition)) {
    const action = iamAction(state['Resource']);
    if (action === undefined) continue;
    // Substitutions are text replacement: the placeholders are those in the payload's text.
    for (const name of placeholdersIn(JSON.stringify(state['Parameters'] ?? state['Arguments'] ?? null))) {
      const set = actions.get(name) ?? new Set<string>();
      set.add(action);
      actions.set(name, set);
    }
  }
  return actions;
}

/**
 * `arn:aws:states:::dynamodb:putItem` → `dynamodb:PutItem`; `arn:aws:states:::aws-sdk:s3:putObject`
 * → `s3:PutObject`. Lambda and nested executions are granted otherwise: undefined for them.
 */
export function iamAction(resource: Json | undefined): string | undefined {
  if (typeof resource !== 'string') return undefined;
  const match = /^arn:aws:states:::(?:aws-sdk:)?([a-z0-9]+):([A-Za-z0-9]+)(?:\.[a-zA-Z0-9:]+)?$/.exec(
    resource,
  );
  if (match === null) return undefined;
  const [, service, call] = match as unknown as [string, string, string];
  if (service === 'lambda' || service === 'states') return undefined;
  return `${service}:${call.charAt(0).toUpperCase()}${call.slice(1)}`;
}
