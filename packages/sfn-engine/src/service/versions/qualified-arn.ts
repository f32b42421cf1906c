import { parseStateMachineArn, stateMachineArn, type StateMachineArnParts } from '../../api/arns';

/** What follows the state machine's name in a qualified ARN: a version number or an alias name. */
export type Qualifier =
  { readonly kind: 'version'; readonly version: number } | { readonly kind: 'alias'; readonly alias: string };

export interface QualifiedStateMachineArn extends StateMachineArnParts {
  /** The state machine's own (unqualified) ARN. */
  readonly machineArn: string;
  readonly qualifier?: Qualifier;
}

/** `...:stateMachine:NAME:QUALIFIER`, with the mock config's `#case` after it when there is one. */
const QUALIFIED = /^(arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:#/]+):([^:#/]+)(#.+)?$/;

/**
 * A state machine ARN that may name a version (`NAME:3`) or an alias (`NAME:PROD`). Alias names
 * must hold a character other than a digit, so digits alone are always a version. An ARN this
 * does not recognise is left to parseStateMachineArn, so its error is the one every API gives.
 */
export function parseQualifiedStateMachineArn(arn: string): QualifiedStateMachineArn {
  let parsed = recent.get(arn);
  if (parsed === undefined) {
    parsed = parse(arn);
    if (recent.size >= RECENT_LIMIT) recent.clear();
    recent.set(arn, parsed);
  }
  return parsed;
}

/**
 * ARNs parsed lately, with what they parsed to (read-only): every start parses its ARN two or
 * three times (the type, the version or alias, the machine), and a server starts the same few
 * machines over and over. Only ARNs that parse are kept; the rest throw each time.
 */
const recent = new Map<string, QualifiedStateMachineArn>();
const RECENT_LIMIT = 256;

function parse(arn: string): QualifiedStateMachineArn {
  const match = QUALIFIED.exec(arn);
  const base = match === null ? arn : `${match[1] as string}${match[3] ?? ''}`;
  const parts = parseStateMachineArn(base);
  const machineArn = stateMachineArn(parts.region, parts.accountId, parts.name);
  if (match === null) return { ...parts, machineArn };
  const text = match[2] as string;
  const qualifier: Qualifier = /^\d+$/.test(text)
    ? { kind: 'version', version: Number(text) }
    : { kind: 'alias', alias: text };
  return { ...parts, machineArn, qualifier };
}

export const versionArn = (machineArn: string, version: number): string => `${machineArn}:${version}`;

export const aliasArn = (machineArn: string, alias: string): string => `${machineArn}:${alias}`;
