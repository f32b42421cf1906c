import type { StateMachineType } from '../types';
import type { RoutingEntry } from './routing';
import type { StateMachineAlias, StateMachineVersion } from './version-store';

/**
 * What the journal keeps of versions and aliases: a `version` record when one is published, an
 * `alias` record when one is created or updated, and a `*-deleted` record when one goes. The
 * deletion of a state machine takes its versions and aliases with it (no record each).
 */
export interface VersionRecord {
  readonly kind: 'version';
  readonly arn: string;
  readonly machineArn: string;
  readonly name: string;
  readonly version: number;
  readonly definition: string;
  readonly roleArn: string;
  readonly type: StateMachineType;
  readonly creationDate: number;
  readonly revisionId?: string;
  readonly description?: string;
}

export interface AliasRecord {
  readonly kind: 'alias';
  readonly arn: string;
  readonly machineArn: string;
  readonly name: string;
  readonly description?: string;
  readonly routingConfiguration: readonly RoutingEntry[];
  readonly creationDate: number;
  readonly updateDate: number;
}

export type VersionJournalRecord =
  | VersionRecord
  | { readonly kind: 'version-deleted'; readonly arn: string }
  | AliasRecord
  | { readonly kind: 'alias-deleted'; readonly arn: string };

const KINDS: ReadonlySet<string> = new Set(['version', 'version-deleted', 'alias', 'alias-deleted']);

export const isVersionJournalRecord = (record: { readonly kind: string }): record is VersionJournalRecord =>
  KINDS.has(record.kind);

export function versionRecord(version: StateMachineVersion): VersionRecord {
  return {
    kind: 'version',
    arn: version.arn,
    machineArn: version.machineArn,
    name: version.name,
    version: version.version,
    definition: version.definition,
    roleArn: version.roleArn,
    type: version.type,
    creationDate: version.creationDate.getTime(),
    ...(version.revisionId === undefined ? {} : { revisionId: version.revisionId }),
    ...(version.description === undefined ? {} : { description: version.description }),
  };
}

export function aliasRecord(alias: StateMachineAlias): AliasRecord {
  return {
    kind: 'alias',
    arn: alias.arn,
    machineArn: alias.machineArn,
    name: alias.name,
    ...(alias.description === undefined ? {} : { description: alias.description }),
    routingConfiguration: alias.routing,
    creationDate: alias.creationDate.getTime(),
    updateDate: alias.updateDate.getTime(),
  };
}

/** The alias a record describes. */
export function restoredAlias(record: AliasRecord): StateMachineAlias {
  return {
    arn: record.arn,
    machineArn: record.machineArn,
    name: record.name,
    ...(record.description === undefined ? {} : { description: record.description }),
    routing: record.routingConfiguration.map((r) => ({
      stateMachineVersionArn: r.stateMachineVersionArn,
      weight: r.weight,
    })),
    creationDate: new Date(record.creationDate),
    updateDate: new Date(record.updateDate),
  };
}

/**
 * Folds the journal's version and alias records, oldest first, into those still kept, and how
 * far each state machine's numbering has gone (a deleted version's number is not given again,
 * so the numbering outlives the version's records).
 */
export class VersionReplay {
  private readonly versions = new Map<string, VersionRecord>();
  private readonly aliases = new Map<string, AliasRecord>();
  private readonly last = new Map<string, number>();

  private bump(machineArn: string, version: number): void {
    this.last.set(machineArn, Math.max(this.last.get(machineArn) ?? 0, version));
  }

  fold(record: VersionJournalRecord): void {
    switch (record.kind) {
      case 'version':
        this.versions.set(record.arn, record);
        this.bump(record.machineArn, record.version);
        break;
      case 'version-deleted':
        this.versions.delete(record.arn);
        break;
      case 'alias':
        this.aliases.set(record.arn, record);
        break;
      case 'alias-deleted':
        this.aliases.delete(record.arn);
        break;
    }
  }

  /** A state machine record, which carries its numbering as of when it was written. */
  machine(machineArn: string, lastVersion: number | undefined): void {
    if (lastVersion !== undefined) this.bump(machineArn, lastVersion);
  }

  machineDeleted(machineArn: string): void {
    for (const [arn, version] of this.versions)
      if (version.machineArn === machineArn) this.versions.delete(arn);
    for (const [arn, alias] of this.aliases) if (alias.machineArn === machineArn) this.aliases.delete(arn);
    this.last.delete(machineArn);
  }

  lastVersion(machineArn: string): number | undefined {
    return this.last.get(machineArn);
  }

  kept(): { versions: VersionRecord[]; aliases: AliasRecord[] } {
    return { versions: [...this.versions.values()], aliases: [...this.aliases.values()] };
  }
}
