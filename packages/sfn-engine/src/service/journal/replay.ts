import type { RecordedEvent } from '../../execution/history';
import type {
  ActivityRecord,
  ExecutionSnapshot,
  JournalRecord,
  JournalSnapshot,
  MachineRecord,
} from './records';
import { isVersionJournalRecord, VersionReplay } from '../versions/records';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Building = Mutable<ExecutionSnapshot> & { events: RecordedEvent[] };

/** The journal refers to an execution it never saw start: the file was edited or mixed up. */
export class JournalOutOfOrder extends Error {
  override readonly name = 'JournalOutOfOrder';
}

/**
 * Folds journal records, oldest first, into the machines and executions they describe. Of the
 * executions that ended, only the newest `retainedExecutions` are kept, as the engine keeps them.
 * A record about an execution that never started is refused (JournalOutOfOrder), or, with
 * `onOrphan`, handed to it and skipped: salvage keeps the rest of a damaged journal.
 */
export function replay(
  records: Iterable<JournalRecord>,
  retainedExecutions: number,
  onOrphan?: (record: JournalRecord) => void,
): JournalSnapshot {
  const machines = new Map<string, MachineRecord>();
  const executions = new Map<string, Building>();
  const activities = new Map<string, ActivityRecord>();
  const orphan = (record: JournalRecord & { arn: string }): void => {
    if (onOrphan === undefined)
      throw new JournalOutOfOrder(
        `The journal has a '${record.kind}' record for '${record.arn}', which never started`,
      );
    onOrphan(record);
  };
  // Only called after the check above: every record about an execution has found it.
  const execution = (arn: string): Building => executions.get(arn) as Building;
  const versions = new VersionReplay();
  for (const record of records) {
    if (isVersionJournalRecord(record)) {
      versions.fold(record);
      continue;
    }
    if (
      record.kind !== 'machine' &&
      record.kind !== 'machine-deleted' &&
      record.kind !== 'activity' &&
      record.kind !== 'activity-deleted' &&
      record.kind !== 'execution' &&
      record.kind !== 'execution-started'
    ) {
      const known = executions.get(record.arn);
      // A resume mark outliving its execution (forgotten, compacted away) is harmless.
      if (known === undefined && record.kind !== 'execution-resuming' && record.kind !== 'execution-resumed')
        orphan(record);
      if (known === undefined) continue;
    }
    switch (record.kind) {
      case 'machine':
        machines.set(record.arn, record);
        versions.machine(record.arn, record.lastVersion);
        break;
      case 'machine-deleted':
        machines.delete(record.arn);
        versions.machineDeleted(record.arn);
        break;
      case 'activity':
        activities.set(record.arn, record);
        break;
      case 'activity-deleted':
        activities.delete(record.arn);
        break;
      case 'execution-started': {
        const { kind: _kind, ...started } = record;
        executions.set(record.arn, { ...started, events: [], redriveCount: 0 });
        break;
      }
      case 'execution':
        executions.set(record.execution.arn, {
          ...record.execution,
          events: [...record.execution.events],
        });
        break;
      case 'event':
        execution(record.arn).events.push(record.event);
        break;
      case 'checkpoint':
        execution(record.arn).checkpoint = record.point;
        break;
      case 'execution-ended': {
        const ended = execution(record.arn);
        ended.result = record.result;
        ended.stopDate = record.stopDate;
        delete ended.resuming;
        break;
      }
      case 'execution-resuming':
        execution(record.arn).resuming = true;
        break;
      case 'execution-resumed':
        delete execution(record.arn).resuming;
        break;
      case 'execution-redriven': {
        const redriven = execution(record.arn);
        delete redriven.result;
        delete redriven.stopDate;
        redriven.redriveCount = record.redriveCount;
        redriven.redriveDate = record.redriveDate;
        break;
      }
    }
  }
  const finished = [...executions.values()]
    .filter((e) => e.result !== undefined)
    .sort((a, b) => (a.stopDate ?? 0) - (b.stopDate ?? 0));
  for (const forgotten of finished.slice(0, Math.max(0, finished.length - retainedExecutions)))
    executions.delete(forgotten.arn);
  return {
    machines: [...machines.values()].map((machine) => {
      const lastVersion = versions.lastVersion(machine.arn);
      return lastVersion === undefined ? machine : { ...machine, lastVersion };
    }),
    executions: [...executions.values()],
    activities: [...activities.values()],
    ...versions.kept(),
  };
}

/** The records that rebuild a snapshot: what a compacted journal starts with. */
export function compactedRecords(snapshot: JournalSnapshot): JournalRecord[] {
  return [
    ...snapshot.machines,
    ...(snapshot.versions ?? []),
    ...(snapshot.aliases ?? []),
    // Before the executions: a resumed execution's activity task needs its activity.
    ...(snapshot.activities ?? []),
    ...snapshot.executions.map((execution) => ({ kind: 'execution' as const, execution })),
  ];
}
