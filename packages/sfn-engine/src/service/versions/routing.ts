import { ValidationException } from '../../api/errors';
import { assertConstraints, brokenConstraint } from './constraints';
import { parseQualifiedStateMachineArn } from './qualified-arn';

/** One version an alias routes to, and the percentage of executions it gets. */
export interface RoutingEntry {
  readonly stateMachineVersionArn: string;
  readonly weight: number;
}

/** A number in [0, 1), as Math.random gives: tests pass one that answers what they choose. */
export type RandomSource = () => number;

/** How the service prints a routing configuration in an error: Java's toString of its items. */
const printed = (routing: readonly RoutingEntry[]): string =>
  `[${routing
    .map(
      (r) =>
        `RoutingConfigurationListItem(stateMachineVersionArn=${r.stateMachineVersionArn}, weight=${r.weight})`,
    )
    .join(', ')}]`;

/** The model's constraints on routingConfiguration: 1 or 2 items, each weight in 0-100. */
function constraintProblems(routing: readonly RoutingEntry[]): string[] {
  const problems: string[] = [];
  if (routing.length < 1)
    problems.push(
      brokenConstraint(
        printed(routing),
        'routingConfiguration',
        'Member must have length greater than or equal to 1',
      ),
    );
  if (routing.length > 2)
    problems.push(
      brokenConstraint(
        printed(routing),
        'routingConfiguration',
        'Member must have length less than or equal to 2',
      ),
    );
  routing.forEach((entry, index) => {
    const member = `routingConfiguration.${index + 1}.member.weight`;
    if (entry.weight < 0)
      problems.push(
        brokenConstraint(String(entry.weight), member, 'Member must have value greater than or equal to 0'),
      );
    if (entry.weight > 100)
      problems.push(
        brokenConstraint(String(entry.weight), member, 'Member must have value less than or equal to 100'),
      );
  });
  return problems;
}

/** The version number an ARN names, or undefined when it is not a state machine version ARN. */
function versionOf(arn: string): { machineArn: string; version: number } | undefined {
  try {
    const parsed = parseQualifiedStateMachineArn(arn);
    if (parsed.qualifier?.kind !== 'version' || parsed.testCase !== undefined) return undefined;
    return { machineArn: parsed.machineArn, version: parsed.qualifier.version };
  } catch {
    return undefined;
  }
}

/**
 * Checks a routing configuration as the service does, in its words, and returns the state
 * machine its versions belong to. `exists` says whether a version is published (one that is
 * not is no version ARN to the service either).
 */
export function checkRouting(
  routing: readonly RoutingEntry[],
  exists: (machineArn: string, version: number) => boolean,
): string {
  assertConstraints(constraintProblems(routing));
  const arns = routing.map((r) => r.stateMachineVersionArn);
  const received = `Received: [${arns.join(', ')}]`;
  const versions = arns.map(versionOf);
  if (versions.some((v) => v === undefined || !exists(v.machineArn, v.version)))
    throw new ValidationException(
      `Routing configuration must contain state machine version ARNs. ${received}`,
    );
  if (new Set(arns).size < arns.length)
    throw new ValidationException(
      `Routing configuration must contain distinct state machine version ARNs. ${received}`,
    );
  const weights = routing.map((r) => r.weight);
  if (weights.reduce((sum, weight) => sum + weight, 0) !== 100)
    throw new ValidationException(
      `Sum of routing configuration weights must equal 100. Received: [${weights.join(', ')}]`,
    );
  const machines = new Set(versions.map((v) => v?.machineArn));
  if (machines.size > 1)
    throw new ValidationException(
      `Routing configuration must contain versions of the same state machine. ${received}`,
    );
  return versions[0]?.machineArn as string;
}

/**
 * The version an execution started through an alias runs: each version gets the share of
 * executions its weight says (a weight of 0 gets none).
 */
export function pickVersion(routing: readonly RoutingEntry[], random: RandomSource): string {
  const draw = random() * 100;
  let upTo = 0;
  for (const entry of routing) {
    upTo += entry.weight;
    if (entry.weight > 0 && draw < upTo) return entry.stateMachineVersionArn;
  }
  // Only reached if the source answered 1 or more: the last version that gets any share.
  const last = [...routing].reverse().find((entry) => entry.weight > 0) ?? routing[0];
  return (last as RoutingEntry).stateMachineVersionArn;
}
