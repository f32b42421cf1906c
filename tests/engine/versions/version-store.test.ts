import { compileStateMachine } from '../../../packages/sfn-engine/src/definition/compile';
import { type Revision, VersionStore } from '../../../packages/sfn-engine/src/service/versions/version-store';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders';
const ROLE = 'arn:aws:iam::123456789012:role/test';
const passing = (comment: string) =>
  JSON.stringify({ Comment: comment, StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });

function revision(comment: string, revisionId?: string): Revision {
  const definition = passing(comment);
  return {
    machineArn: MACHINE,
    name: 'orders',
    definition,
    compiled: compileStateMachine(JSON.parse(definition)),
    roleArn: ROLE,
    type: 'STANDARD',
    ...(revisionId === undefined ? {} : { revisionId }),
  };
}
const now = new Date('2024-05-01T00:00:00Z');
const later = new Date('2024-05-02T00:00:00Z');

describe('publishing versions', () => {
  test('versions are numbered from 1 and keep the revision they were cut from', () => {
    const store = new VersionStore();
    const first = store.publish(revision('R0'), { now }).version;
    const second = store.publish(revision('R1', 'rev-1'), { description: 'second', now: later }).version;
    expect(first).toMatchObject({
      arn: `${MACHINE}:1`,
      version: 1,
      definition: passing('R0'),
      creationDate: now,
    });
    expect(first).not.toHaveProperty('revisionId');
    expect(second).toMatchObject({ arn: `${MACHINE}:2`, revisionId: 'rev-1', description: 'second' });
  });

  test('publishing a revision that already has a version answers that version', () => {
    const store = new VersionStore();
    store.publish(revision('R0'), { now });
    const again = store.publish(revision('R0'), { description: 'ignored', now: later });
    expect(again.created).toBe(false);
    expect(again.version).toMatchObject({ version: 1, creationDate: now });
    expect(store.versions(MACHINE)).toHaveLength(1);
  });

  test('a deleted version number is not given again, and its revision can be published anew', () => {
    const store = new VersionStore();
    store.publish(revision('R0'), { now });
    store.publish(revision('R1', 'rev-1'), { now });
    expect(store.deleteVersion(MACHINE, 2)).toBe(true);
    expect(store.publish(revision('R1', 'rev-1'), { now }).version.version).toBe(3);
  });

  test('versions are listed newest first', () => {
    const store = new VersionStore();
    store.publish(revision('R0'), { now });
    store.publish(revision('R1', 'rev-1'), { now });
    store.publish(revision('R2', 'rev-2'), { now });
    expect(store.versions(MACHINE).map((version) => version.version)).toEqual([3, 2, 1]);
  });

  test('an expected revision that is not the current one is a conflict naming both', () => {
    const store = new VersionStore();
    expect(() => store.publish(revision('R3', 'rev-3'), { expectedRevision: 'rev-2', now })).toThrow(
      'Failed to publish the State Machine version for revision rev-2. The current State Machine revision is rev-3.',
    );
    expect(() => store.publish(revision('R0'), { expectedRevision: 'rev-2', now })).toThrow(
      'The current State Machine revision is INITIAL.',
    );
    expect(store.publish(revision('R0'), { expectedRevision: 'INITIAL', now }).version.version).toBe(1);
  });

  test('past the quota of versions per state machine, publishing is refused until one is deleted', () => {
    const store = new VersionStore({ versionsPerMachine: 2, aliasesPerMachine: 100 });
    store.publish(revision('R0'), { now });
    store.publish(revision('R1', 'rev-1'), { now });
    expect(() => store.publish(revision('R2', 'rev-2'), { now })).toThrow(
      expect.objectContaining({ name: 'ServiceQuotaExceededException', httpStatus: 402 }),
    );
    store.deleteVersion(MACHINE, 1);
    expect(store.publish(revision('R2', 'rev-2'), { now }).version.version).toBe(3);
  });
});

describe('aliases', () => {
  const routing = (...weights: [number, number][]) =>
    weights.map(([version, weight]) => ({ stateMachineVersionArn: `${MACHINE}:${version}`, weight }));
  const withVersions = () => {
    const store = new VersionStore();
    store.publish(revision('R0'), { now });
    store.publish(revision('R1', 'rev-1'), { now });
    return store;
  };

  test('creating the same alias twice answers the first; a different one under its name is a conflict', () => {
    const store = withVersions();
    const first = store.createAlias({ name: 'PROD', description: 'live', routing: routing([1, 100]) }, now);
    const again = store.createAlias({ name: 'PROD', description: 'live', routing: routing([1, 100]) }, later);
    expect(again).toEqual({ alias: first.alias, created: false });
    const conflict =
      'Failed to create alias because an alias with the same name and a different routing configuration already exists.';
    expect(() =>
      store.createAlias({ name: 'PROD', description: 'other', routing: routing([1, 100]) }, now),
    ).toThrow(conflict);
    expect(() =>
      store.createAlias({ name: 'PROD', description: 'live', routing: routing([1, 50], [2, 50]) }, now),
    ).toThrow(conflict);
  });

  test('a version an alias routes to cannot be deleted; the conflict names the aliases', () => {
    const store = withVersions();
    store.createAlias({ name: 'PROD', routing: routing([1, 100]) }, now);
    store.createAlias({ name: 'BETA', routing: routing([1, 50], [2, 50]) }, now);
    expect(() => store.deleteVersion(MACHINE, 1)).toThrow(
      expect.objectContaining({
        name: 'ConflictException',
        httpStatus: 409,
        message:
          'Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [PROD, BETA]',
      }),
    );
  });

  test('updating the routing moves the alias off a version, which can then be deleted', () => {
    const store = withVersions();
    const { alias } = store.createAlias(
      { name: 'PROD', description: 'live', routing: routing([1, 100]) },
      now,
    );
    const updated = store.updateAlias(alias, { routing: routing([2, 100]) }, later);
    expect(updated).toMatchObject({
      description: 'live',
      routing: routing([2, 100]),
      creationDate: now,
      updateDate: later,
    });
    expect(store.deleteVersion(MACHINE, 1)).toBe(true);
  });

  test('aliases are listed oldest first, or only those routing to a given version', () => {
    const store = withVersions();
    store.createAlias({ name: 'B', routing: routing([1, 100]) }, now);
    store.createAlias({ name: 'A', routing: routing([2, 100]) }, later);
    expect(store.aliases(MACHINE).map((a) => a.name)).toEqual(['B', 'A']);
    expect(store.aliases(MACHINE, `${MACHINE}:2`).map((a) => a.name)).toEqual(['A']);
  });

  test('forgetting a state machine forgets its versions, aliases and numbering', () => {
    const store = withVersions();
    store.createAlias({ name: 'PROD', routing: routing([1, 100]) }, now);
    store.forget(MACHINE);
    expect(store.versions(MACHINE)).toEqual([]);
    expect(store.aliases(MACHINE)).toEqual([]);
    expect(store.publish(revision('R0'), { now }).version.version).toBe(1);
  });
});
