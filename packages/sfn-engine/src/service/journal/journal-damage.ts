import type { JournalRecord } from './records';

/** What a record of this kind held, for the warning that says it is lost. */
function lostWith(kind: string | undefined, arn: string | undefined): string {
  const of = arn === undefined ? '' : ` ${arn}`;
  switch (kind) {
    case 'machine':
      return `the state machine${of} as created or updated then`;
    case 'machine-deleted':
      return `the deletion of the state machine${of}`;
    case 'activity':
      return `the activity${of}`;
    case 'activity-deleted':
      return `the deletion of the activity${of}`;
    case 'version':
      return `the state machine version${of}`;
    case 'version-deleted':
      return `the deletion of the state machine version${of}`;
    case 'alias':
      return `the state machine alias${of} as created or updated then`;
    case 'alias-deleted':
      return `the deletion of the state machine alias${of}`;
    case 'execution-started':
      return `the start of the execution${of}, and with it that execution`;
    case 'event':
      return `a history event of the execution${of} (its history has a gap)`;
    case 'checkpoint':
      return `a checkpoint of the execution${of} (a resume goes on from the one before)`;
    case 'execution-ended':
      return `the end of the execution${of} (if it was running, it goes on from its last checkpoint)`;
    case 'execution-redriven':
      return `a redrive of the execution${of}`;
    case 'execution':
      return `the execution${of}, whole`;
    case 'execution-resuming':
    case 'execution-resumed':
      return `a resume mark of the execution${of}`;
    case undefined:
      return arn === undefined ? 'a record whose kind cannot be read' : `a record about${of}`;
    default:
      return `a record of unknown kind '${kind}'${arn === undefined ? '' : ` about${of}`}`;
  }
}

interface Orphans {
  first: number;
  last: number;
  count: number;
}

/**
 * What reading a journal had to leave out, as warnings that name the file, the line and what
 * was lost. Records of an execution whose start was lost are counted per execution, so one lost
 * line does not become thousands of warnings.
 */
export class JournalDamage {
  private readonly warnings: string[] = [];
  private readonly notes: string[] = [];
  private skips = 0;
  private readonly orphans = new Map<string, Orphans>();

  constructor(readonly path: string) {}

  /** A line that is not a record: skipped. */
  skipped(line: number, problem: string, seemed: Partial<Record<'kind' | 'arn', string>>): void {
    this.skips += 1;
    this.warnings.push(
      `${this.path}:${line}: ${problem}; skipped, lost: ${lostWith(seemed.kind, seemed.arn)}`,
    );
  }

  /** The last line, cut short by a process that stopped while writing it: never acknowledged. */
  torn(line: number, seemed: Partial<Record<'kind' | 'arn', string>>): void {
    this.warnings.push(
      `${this.path}:${line}: the last record is incomplete (the server stopped while writing it); left out: ${lostWith(seemed.kind, seemed.arn)}`,
    );
  }

  /** A record about an execution whose start record was lost. */
  orphan(line: number, record: JournalRecord): void {
    const arn = record.kind === 'execution' ? record.execution.arn : record.arn;
    const seen = this.orphans.get(arn);
    if (seen === undefined) this.orphans.set(arn, { first: line, last: line, count: 1 });
    else {
      seen.last = line;
      seen.count += 1;
    }
  }

  /** Something left out on the way back, for a reason the caller names. */
  leftOut(message: string): void {
    this.skips += 1;
    this.warnings.push(`${this.path}: ${message}`);
  }

  /** Anything else changed on the way back (named by the caller). */
  note(message: string): void {
    this.notes.push(`${this.path}: ${message}`);
  }

  /**
   * True when records in the middle of the file were skipped: the file is worth keeping as it
   * was, for a person to look at. (A torn last line is what any kill can leave: not damage.)
   */
  get found(): boolean {
    return this.skips > 0 || this.orphans.size > 0;
  }

  messages(): string[] {
    const orphans = [...this.orphans].map(
      ([arn, { first, last, count }]) =>
        `${this.path}:${first}${last === first ? '' : `-${last}`}: ${count} record${count === 1 ? '' : 's'} of the execution ${arn}, whose start record is missing; skipped, lost: that execution`,
    );
    return [...this.warnings, ...orphans, ...this.notes];
  }
}
