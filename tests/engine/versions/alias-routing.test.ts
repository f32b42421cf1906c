import {
  checkRouting,
  pickVersion,
  type RoutingEntry,
} from '../../../packages/sfn-engine/src/service/versions/routing';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders';
const v = (n: number, machine = MACHINE) => `${machine}:${n}`;
const route = (...entries: [string, number][]): RoutingEntry[] =>
  entries.map(([stateMachineVersionArn, weight]) => ({ stateMachineVersionArn, weight }));
const published = new Set([v(1), v(2), v(3)]);
const exists = (machineArn: string, version: number) => published.has(`${machineArn}:${version}`);

/** A random source answering the given draws in turn. */
const draws = (...values: number[]) => {
  let next = 0;
  return () => values[next++ % values.length] as number;
};

describe('picking the version an alias execution runs', () => {
  test('a single version with all the weight runs every execution', () => {
    const routing = route([v(1), 100]);
    for (const draw of [0, 0.5, 0.999999]) expect(pickVersion(routing, draws(draw))).toBe(v(1));
  });

  test('the first version gets the draws below its share, the second the rest', () => {
    const routing = route([v(1), 70], [v(2), 30]);
    expect(pickVersion(routing, draws(0))).toBe(v(1));
    expect(pickVersion(routing, draws(0.6999))).toBe(v(1));
    expect(pickVersion(routing, draws(0.7))).toBe(v(2));
    expect(pickVersion(routing, draws(0.9999))).toBe(v(2));
  });

  test('a version with a weight of 0 is never picked', () => {
    const routing = route([v(1), 0], [v(2), 100]);
    for (const draw of [0, 0.3, 0.999999]) expect(pickVersion(routing, draws(draw))).toBe(v(2));
    const reversed = route([v(1), 100], [v(2), 0]);
    for (const draw of [0, 0.3, 0.999999]) expect(pickVersion(reversed, draws(draw))).toBe(v(1));
  });

  test('over evenly spread draws each version gets its weight as its share', () => {
    const routing = route([v(1), 25], [v(2), 75]);
    const counts = new Map<string, number>();
    for (let i = 0; i < 1000; i += 1) {
      const picked = pickVersion(routing, () => i / 1000);
      counts.set(picked, (counts.get(picked) ?? 0) + 1);
    }
    expect(counts.get(v(1))).toBe(250);
    expect(counts.get(v(2))).toBe(750);
  });
});

describe('checking a routing configuration as the service does', () => {
  test('one or two published versions of one machine whose weights sum to 100 name that machine', () => {
    expect(checkRouting(route([v(1), 100]), exists)).toBe(MACHINE);
    expect(checkRouting(route([v(1), 50], [v(2), 50]), exists)).toBe(MACHINE);
  });

  test('more than two versions break the length constraint, printed as the service prints them', () => {
    expect(() => checkRouting(route([v(1), 50], [v(2), 30], [v(3), 20]), exists)).toThrow(
      `1 validation error detected: Value '[RoutingConfigurationListItem(stateMachineVersionArn=${v(1)}, weight=50), RoutingConfigurationListItem(stateMachineVersionArn=${v(2)}, weight=30), RoutingConfigurationListItem(stateMachineVersionArn=${v(3)}, weight=20)]' at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2`,
    );
  });

  test('no version at all breaks the minimum length', () => {
    expect(() => checkRouting([], exists)).toThrow(
      "1 validation error detected: Value '[]' at 'routingConfiguration' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  test('a weight over 100 or under 0 is named by its 1-based position', () => {
    expect(() => checkRouting(route([v(1), 101]), exists)).toThrow(
      "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
    expect(() => checkRouting(route([v(1), 101], [v(2), -1]), exists)).toThrow(
      "2 validation errors detected: Value '101' at 'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100; Value '-1' at 'routingConfiguration.2.member.weight' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
  });

  test('an unqualified state machine ARN is not a version ARN', () => {
    expect(() => checkRouting(route([MACHINE, 70], [v(2), 30]), exists)).toThrow(
      `Routing configuration must contain state machine version ARNs. Received: [${MACHINE}, ${v(2)}]`,
    );
  });

  test('a version that was never published (or was deleted) is no version ARN either', () => {
    expect(() => checkRouting(route([v(9), 100]), exists)).toThrow(
      `Routing configuration must contain state machine version ARNs. Received: [${v(9)}]`,
    );
  });

  test('the same version twice is refused', () => {
    expect(() => checkRouting(route([v(1), 50], [v(1), 50]), exists)).toThrow(
      `Routing configuration must contain distinct state machine version ARNs. Received: [${v(1)}, ${v(1)}]`,
    );
  });

  test('weights that do not sum to 100 are listed', () => {
    expect(() => checkRouting(route([v(1), 70], [v(2), 29]), exists)).toThrow(
      'Sum of routing configuration weights must equal 100. Received: [70, 29]',
    );
    expect(() => checkRouting(route([v(1), 70], [v(2), 31]), exists)).toThrow(
      'Sum of routing configuration weights must equal 100. Received: [70, 31]',
    );
  });

  test('versions of two different state machines are refused', () => {
    const other = 'arn:aws:states:us-east-1:123456789012:stateMachine:refunds';
    const both = (machineArn: string, version: number) => exists(machineArn, version) || machineArn === other;
    expect(() => checkRouting(route([v(1), 50], [v(1, other), 50]), both)).toThrow(
      `Routing configuration must contain versions of the same state machine. Received: [${v(1)}, ${v(1, other)}]`,
    );
  });
});
