import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalFile } from '../../../packages/sfn-engine/src/service/journal/journal-file';
import type { JsonObject } from '../../../packages/asl/src/json';
import { engineWith } from '../harness';

const definition = (revision: string): JsonObject => ({
  Comment: revision,
  StartAt: 'A',
  States: { A: { Type: 'Pass', End: true } },
});

/** An engine over the journal in `dir`, as a server started with --data-dir builds it. */
function engineOn(dir: string) {
  const { journal, snapshot } = JournalFile.open(dir, 10_000);
  const engine = engineWith({}, { journal });
  engine.restore(snapshot);
  return { engine, close: () => journal.close() };
}

describe('versions and aliases in the journal', () => {
  test('they come back from a journal written afresh on open, as from the records appended', () => {
    const dir = mkdtempSync(join(tmpdir(), 'versions-journal-'));
    const first = engineOn(dir);
    const { stateMachineArn } = first.engine.createStateMachine({
      name: 'orders',
      definition: definition('R0'),
      publish: true,
    });
    first.engine.updateStateMachine({ stateMachineArn, definition: definition('R1'), publish: true });
    first.engine.updateStateMachine({ stateMachineArn, definition: definition('R2'), publish: true });
    first.engine.versioning.deleteStateMachineVersion(`${stateMachineArn}:3`);
    first.engine.versioning.createStateMachineAlias({
      name: 'PROD',
      routingConfiguration: [{ stateMachineVersionArn: `${stateMachineArn}:2`, weight: 100 }],
    });
    first.close();
    // The second open reads what the first one compacted the records into.
    engineOn(dir).close();
    const third = engineOn(dir);
    expect(
      third.engine.versioning.listStateMachineVersions(stateMachineArn).map((v) => v.stateMachineVersionArn),
    ).toEqual([`${stateMachineArn}:2`, `${stateMachineArn}:1`]);
    expect(third.engine.versioning.describeStateMachineAlias(`${stateMachineArn}:PROD`).routing).toEqual([
      { stateMachineVersionArn: `${stateMachineArn}:2`, weight: 100 },
    ]);
    // Number 3 stays spent, and the current revision (R2) has no version since 3 was deleted.
    expect(
      third.engine.versioning.publishStateMachineVersion({ stateMachineArn }).stateMachineVersionArn,
    ).toBe(`${stateMachineArn}:4`);
    third.close();
  });

  test("a deleted state machine's versions and aliases do not come back, and its namesake numbers from 1", () => {
    const dir = mkdtempSync(join(tmpdir(), 'versions-journal-'));
    const first = engineOn(dir);
    const { stateMachineArn } = first.engine.createStateMachine({
      name: 'orders',
      definition: definition('R0'),
      publish: true,
    });
    first.engine.updateStateMachine({ stateMachineArn, definition: definition('R1'), publish: true });
    first.engine.versioning.createStateMachineAlias({
      name: 'PROD',
      routingConfiguration: [{ stateMachineVersionArn: `${stateMachineArn}:1`, weight: 100 }],
    });
    first.engine.deleteStateMachine(stateMachineArn);
    first.engine.createStateMachine({ name: 'orders', definition: definition('R9') });
    first.close();

    const after = engineOn(dir);
    expect(after.engine.versioning.listStateMachineVersions(stateMachineArn)).toEqual([]);
    expect(after.engine.versioning.listStateMachineAliases(stateMachineArn)).toEqual([]);
    expect(
      after.engine.versioning.publishStateMachineVersion({ stateMachineArn }).stateMachineVersionArn,
    ).toBe(`${stateMachineArn}:1`);
    after.close();
  });
});
