import type { ExecutionResult, ResumePoint } from '../../execution/contracts';
import type { RecordedEvent } from '../../execution/history';
import type { AliasRecord, VersionJournalRecord, VersionRecord } from '../versions/records';

/**
 * What the journal holds: one JSON line per record, appended as things happen. Replaying the
 * records in order rebuilds every state machine and execution (see replay.ts).
 */
export interface MachineRecord {
  readonly kind: 'machine';
  readonly arn: string;
  readonly name: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly creationDate: number;
  /** Set once an update changed the definition or role (see versions/). */
  readonly revisionId?: string;
  /** The highest version number given so far, when any was. */
  readonly lastVersion?: number;
}

/** An activity (CreateActivity); `activity-deleted` forgets it. */
export interface ActivityRecord {
  readonly kind: 'activity';
  readonly arn: string;
  readonly name: string;
  readonly creationDate: number;
  readonly encryptionConfiguration?: ActivityEncryption;
}

/** An activity's EncryptionConfiguration, as CreateActivity was given it. */
export interface ActivityEncryption {
  readonly type: 'AWS_OWNED_KEY' | 'CUSTOMER_MANAGED_KMS_KEY';
  readonly kmsKeyId?: string;
  readonly kmsDataKeyReusePeriodSeconds?: number;
}

/** An execution as far as the journal knows it; also the compacted form of its records. */
export interface ExecutionSnapshot {
  readonly arn: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly name: string;
  readonly roleArn: string;
  /** The definition the execution runs (an update of the machine does not change it). */
  readonly definition: string;
  readonly input: string;
  readonly startDate: number;
  readonly testCase?: string;
  /** Started with a version's or an alias's ARN. */
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
  readonly events: readonly RecordedEvent[];
  /** The top-level state it was in last: where a resume or redrive goes on from. */
  readonly checkpoint?: ResumePoint;
  readonly result?: ExecutionResult;
  readonly stopDate?: number;
  readonly redriveCount: number;
  readonly redriveDate?: number;
  /**
   * It was being resumed after a restart, and the process stopped before the resume had run a
   * while: the resume may be what brought it down (see interrupted-resume.ts).
   */
  readonly resuming?: boolean;
}

export type ExecutionStartedRecord = { readonly kind: 'execution-started' } & Omit<
  ExecutionSnapshot,
  'events' | 'checkpoint' | 'result' | 'stopDate' | 'redriveCount' | 'redriveDate' | 'resuming'
>;

export type JournalRecord =
  | MachineRecord
  | { readonly kind: 'machine-deleted'; readonly arn: string }
  | VersionJournalRecord
  | ActivityRecord
  | { readonly kind: 'activity-deleted'; readonly arn: string }
  | ExecutionStartedRecord
  | { readonly kind: 'event'; readonly arn: string; readonly event: RecordedEvent }
  | { readonly kind: 'checkpoint'; readonly arn: string; readonly point: ResumePoint }
  | {
      readonly kind: 'execution-ended';
      readonly arn: string;
      readonly result: ExecutionResult;
      readonly stopDate: number;
    }
  | {
      readonly kind: 'execution-redriven';
      readonly arn: string;
      readonly redriveCount: number;
      readonly redriveDate: number;
    }
  | { readonly kind: 'execution'; readonly execution: ExecutionSnapshot }
  /** Written before a restarted server resumes the execution... */
  | { readonly kind: 'execution-resuming'; readonly arn: string }
  /** ...and this once the resume has run a while without bringing the process down. */
  | { readonly kind: 'execution-resumed'; readonly arn: string };

/** Where the engine writes its records: the journal file, or nothing when there is no data dir. */
export interface JournalSink {
  append(record: JournalRecord): void;
  /**
   * The engine forgot an execution (past its retention): its records are dead weight. True when
   * the journal would now rather be rewritten from a snapshot.
   */
  forget?(executionArn: string): boolean;
  /** Replaces the journal's records with those that rebuild `snapshot`. */
  rewrite?(snapshot: JournalSnapshot): void;
}

/** Everything the journal remembers, ready for the engine to take back. */
export interface JournalSnapshot {
  readonly machines: readonly MachineRecord[];
  /** In the order they started. */
  readonly executions: readonly ExecutionSnapshot[];
  /** In the order they were created. */
  readonly activities?: readonly ActivityRecord[];
  /** State machine versions and aliases (see versions/). */
  readonly versions?: readonly VersionRecord[];
  readonly aliases?: readonly AliasRecord[];
}
