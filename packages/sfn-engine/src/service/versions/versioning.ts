import {
  InvalidArn,
  ResourceNotFound,
  StateMachineDoesNotExist,
  ValidationException,
} from '../../api/errors';
import type { CompiledMachine } from '../../states/state';
import { assertConstraints, brokenConstraint, descriptionProblems } from './constraints';
import { parseQualifiedStateMachineArn, type QualifiedStateMachineArn } from './qualified-arn';
import {
  type AliasRecord,
  aliasRecord,
  restoredAlias,
  type VersionJournalRecord,
  type VersionRecord,
  versionRecord,
} from './records';
import { pickVersion, type RandomSource, type RoutingEntry } from './routing';
import {
  type Revision,
  SERVICE_QUOTAS,
  type StateMachineAlias,
  type StateMachineVersion,
  type VersionQuotas,
  VersionStore,
} from './version-store';

/** What versioning needs of the engine it serves. */
export interface VersioningHost {
  /** The current revision of the state machine with this ARN; StateMachineDoesNotExist if none. */
  revisionOf(machineArn: string): Revision;
  now(): Date;
  /** Where published versions and alias changes are recorded (the server's --data-dir). */
  readonly journal?: { append(record: VersionJournalRecord): void };
  /** Which version of a weighted alias an execution runs. */
  readonly random: RandomSource;
}

/** What an execution started with a (possibly qualified) state machine ARN runs. */
export interface StartTarget {
  readonly machineArn: string;
  readonly testCase?: string;
  /** Set when started with a version ARN, or with an alias ARN (the version it picked). */
  readonly version?: StateMachineVersion;
  readonly aliasArn?: string;
}

/** Which executions ListExecutions lists for a (possibly qualified) state machine ARN. */
export interface ExecutionFilter {
  readonly machineArn: string;
  readonly versionArn?: string;
  readonly aliasArn?: string;
}

/** Alias names: letters, digits, `_`, `-` and `.`, at least one of them not a digit. */
const ALIAS_NAME = /^(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]+$/;
const ALIAS_NAME_PATTERN = '^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$';

function aliasNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (!ALIAS_NAME.test(name))
    problems.push(
      brokenConstraint(name, 'name', `Member must satisfy regular expression pattern: ${ALIAS_NAME_PATTERN}`),
    );
  if (name.length < 1)
    problems.push(brokenConstraint(name, 'name', 'Member must have length greater than or equal to 1'));
  if (name.length > 80)
    problems.push(brokenConstraint(name, 'name', 'Member must have length less than or equal to 80'));
  return problems;
}

const notInContext = (arn: string) =>
  new InvalidArn(`Invalid Arn: 'Resource type not valid in this context: ${arn}'`);

const aliasNotFound = (arn: string) => new ResourceNotFound(`State Machine Alias Does Not Exist: '${arn}'`);

const machineNotFound = (arn: string) =>
  new StateMachineDoesNotExist(`State Machine Does Not Exist: '${arn}'`);

/** `publish` and `versionDescription` of CreateStateMachine and UpdateStateMachine. */
export function assertPublishOptions(
  publish: boolean | undefined,
  versionDescription: string | undefined,
): void {
  if (versionDescription !== undefined && publish !== true)
    throw new ValidationException('Version description can only be set when publish is true');
  assertConstraints(descriptionProblems(versionDescription, 'versionDescription'));
}

/**
 * State machine versions and aliases: PublishStateMachineVersion, ListStateMachineVersions,
 * DeleteStateMachineVersion, the alias actions, and what a qualified ARN starts or lists.
 */
export class Versioning {
  private readonly store: VersionStore;

  constructor(
    private readonly host: VersioningHost,
    quotas: VersionQuotas = SERVICE_QUOTAS,
  ) {
    this.store = new VersionStore(quotas);
  }

  private parse(arn: string): QualifiedStateMachineArn {
    return parseQualifiedStateMachineArn(arn);
  }

  /** A version ARN's version, parsed; InvalidArn for any other ARN. */
  private versionArnParts(arn: string): { machineArn: string; version: number } {
    const parsed = this.parse(arn);
    if (parsed.qualifier?.kind !== 'version' || parsed.testCase !== undefined) throw notInContext(arn);
    return { machineArn: parsed.machineArn, version: parsed.qualifier.version };
  }

  /** An alias ARN's alias; InvalidArn for any other ARN, ResourceNotFound if there is none. */
  private existingAlias(arn: string): StateMachineAlias {
    const parsed = this.parse(arn);
    if (parsed.qualifier?.kind !== 'alias' || parsed.testCase !== undefined) throw notInContext(arn);
    const alias = this.store.alias(parsed.machineArn, parsed.qualifier.alias);
    if (alias === undefined) throw aliasNotFound(arn);
    return alias;
  }

  /** Publishes the revision (or answers its existing version), recording a new one. */
  publish(
    revision: Revision,
    options: { description?: string; expectedRevision?: string } = {},
  ): StateMachineVersion {
    const { version, created } = this.store.publish(revision, { ...options, now: this.host.now() });
    if (created) this.host.journal?.append(versionRecord(version));
    return version;
  }

  /**
   * UpdateStateMachine with publish checks this before it changes anything: a new revision
   * needs a new version, and an update refused for the quota must leave the machine as it was.
   */
  assertRoomForVersion(machineArn: string): void {
    this.store.assertRoom(machineArn);
  }

  publishStateMachineVersion(request: {
    stateMachineArn: string;
    revisionId?: string;
    description?: string;
  }): {
    stateMachineVersionArn: string;
    creationDate: Date;
  } {
    assertConstraints(descriptionProblems(request.description, 'description'));
    const version = this.publish(this.host.revisionOf(request.stateMachineArn), {
      ...(request.description === undefined ? {} : { description: request.description }),
      ...(request.revisionId === undefined ? {} : { expectedRevision: request.revisionId }),
    });
    return { stateMachineVersionArn: version.arn, creationDate: version.creationDate };
  }

  /** Newest first. */
  listStateMachineVersions(
    stateMachineArn: string,
  ): { stateMachineVersionArn: string; creationDate: Date }[] {
    const parsed = this.parse(stateMachineArn);
    if (parsed.qualifier !== undefined || parsed.testCase !== undefined) throw notInContext(stateMachineArn);
    return this.store
      .versions(parsed.machineArn)
      .map((version) => ({ stateMachineVersionArn: version.arn, creationDate: version.creationDate }));
  }

  /** Deleting a version that does not exist succeeds, as the service answers it. */
  deleteStateMachineVersion(stateMachineVersionArn: string): void {
    const { machineArn, version } = this.versionArnParts(stateMachineVersionArn);
    const existing = this.store.version(machineArn, version);
    if (existing !== undefined && this.store.deleteVersion(machineArn, version))
      this.host.journal?.append({ kind: 'version-deleted', arn: existing.arn });
  }

  /** The version a version ARN names; StateMachineDoesNotExist when it names none. */
  describeVersion(arn: string): StateMachineVersion {
    const { machineArn, version } = this.versionArnParts(arn);
    const found = this.store.version(machineArn, version);
    if (found === undefined) throw machineNotFound(arn);
    return found;
  }

  /** The version with this ARN, if it is still published. */
  findVersion(arn: string): StateMachineVersion | undefined {
    try {
      const { machineArn, version } = this.versionArnParts(arn);
      return this.store.version(machineArn, version);
    } catch {
      return undefined;
    }
  }

  createStateMachineAlias(request: {
    name: string;
    description?: string;
    routingConfiguration: readonly RoutingEntry[];
  }): { stateMachineAliasArn: string; creationDate: Date } {
    assertConstraints([
      ...descriptionProblems(request.description, 'description'),
      ...aliasNameProblems(request.name),
    ]);
    const { alias, created } = this.store.createAlias(
      {
        name: request.name,
        ...(request.description === undefined ? {} : { description: request.description }),
        routing: request.routingConfiguration,
      },
      this.host.now(),
    );
    if (created) this.host.journal?.append(aliasRecord(alias));
    return { stateMachineAliasArn: alias.arn, creationDate: alias.creationDate };
  }

  describeStateMachineAlias(stateMachineAliasArn: string): StateMachineAlias {
    return this.existingAlias(stateMachineAliasArn);
  }

  updateStateMachineAlias(request: {
    stateMachineAliasArn: string;
    description?: string;
    routingConfiguration?: readonly RoutingEntry[];
  }): { updateDate: Date } {
    assertConstraints(descriptionProblems(request.description, 'description'));
    if (request.description === undefined && request.routingConfiguration === undefined)
      throw new ValidationException('Either the description or the routingConfiguration must be specified');
    const alias = this.existingAlias(request.stateMachineAliasArn);
    const updated = this.store.updateAlias(
      alias,
      {
        ...(request.description === undefined ? {} : { description: request.description }),
        ...(request.routingConfiguration === undefined ? {} : { routing: request.routingConfiguration }),
      },
      this.host.now(),
    );
    this.host.journal?.append(aliasRecord(updated));
    return { updateDate: updated.updateDate };
  }

  /** Deleting an alias that does not exist succeeds, as the service answers it. */
  deleteStateMachineAlias(stateMachineAliasArn: string): void {
    const parsed = this.parse(stateMachineAliasArn);
    if (parsed.qualifier?.kind !== 'alias' || parsed.testCase !== undefined)
      throw notInContext(stateMachineAliasArn);
    const alias = this.store.alias(parsed.machineArn, parsed.qualifier.alias);
    if (alias !== undefined && this.store.deleteAlias(parsed.machineArn, alias.name))
      this.host.journal?.append({ kind: 'alias-deleted', arn: alias.arn });
  }

  /** Oldest first; with a version ARN, the aliases that route to that version. */
  listStateMachineAliases(stateMachineArn: string): { stateMachineAliasArn: string; creationDate: Date }[] {
    const parsed = this.parse(stateMachineArn);
    if (parsed.qualifier?.kind === 'alias' || parsed.testCase !== undefined)
      throw notInContext(stateMachineArn);
    this.host.revisionOf(parsed.machineArn);
    const routingTo = parsed.qualifier === undefined ? undefined : this.describeVersion(stateMachineArn).arn;
    return this.store
      .aliases(parsed.machineArn, routingTo)
      .map((alias) => ({ stateMachineAliasArn: alias.arn, creationDate: alias.creationDate }));
  }

  /**
   * What StartExecution runs for this ARN: the state machine's current revision (unqualified),
   * a version, or the version an alias picks by weight. StateMachineDoesNotExist when the
   * version or alias does not exist.
   */
  resolve(arn: string): StartTarget {
    const parsed = this.parse(arn);
    const base = {
      machineArn: parsed.machineArn,
      ...(parsed.testCase === undefined ? {} : { testCase: parsed.testCase }),
    };
    const qualifier = parsed.qualifier;
    if (qualifier === undefined) return base;
    if (qualifier.kind === 'version') {
      const version = this.store.version(parsed.machineArn, qualifier.version);
      if (version === undefined) throw machineNotFound(arn);
      return { ...base, version };
    }
    const alias = this.store.alias(parsed.machineArn, qualifier.alias);
    if (alias === undefined) throw machineNotFound(arn);
    const picked = this.findVersion(pickVersion(alias.routing, this.host.random));
    // An alias's versions cannot be deleted while it routes to them.
    if (picked === undefined) throw machineNotFound(arn);
    return { ...base, version: picked, aliasArn: alias.arn };
  }

  /**
   * The state machine a (possibly qualified) ARN starts, without picking an alias's version;
   * StateMachineDoesNotExist when the version or alias does not exist, as StartExecution says.
   */
  machineStartedBy(arn: string): string {
    const parsed = this.parse(arn);
    const qualifier = parsed.qualifier;
    const missing =
      (qualifier?.kind === 'version' &&
        this.store.version(parsed.machineArn, qualifier.version) === undefined) ||
      (qualifier?.kind === 'alias' && this.store.alias(parsed.machineArn, qualifier.alias) === undefined);
    if (missing) throw machineNotFound(arn);
    return parsed.machineArn;
  }

  /** Which executions a (possibly qualified) ARN lists; its version or alias must exist. */
  executionFilter(arn: string): ExecutionFilter {
    const parsed = this.parse(arn);
    const qualifier = parsed.qualifier;
    if (qualifier === undefined) return { machineArn: parsed.machineArn };
    if (qualifier.kind === 'version')
      return { machineArn: parsed.machineArn, versionArn: this.describeVersion(arn).arn };
    return { machineArn: parsed.machineArn, aliasArn: this.existingAlias(arn).arn };
  }

  /** A state machine was deleted: its versions and aliases go with it. */
  forget(machineArn: string): void {
    this.store.forget(machineArn);
  }

  /** How far the numbering of the machine's versions has gone (for its journal record). */
  lastVersion(machineArn: string): number {
    return this.store.lastVersion(machineArn);
  }

  /** Every version and alias, as the journal's snapshot keeps them. */
  snapshot(): { versions: VersionRecord[]; aliases: AliasRecord[] } {
    const { versions, aliases } = this.store.all();
    return { versions: versions.map(versionRecord), aliases: aliases.map(aliasRecord) };
  }

  /**
   * Takes back the versions and aliases the journal kept, for state machines that were restored
   * (`machines`, with how far each one's numbering had gone).
   */
  restore(
    records: { versions: readonly VersionRecord[]; aliases: readonly AliasRecord[] },
    machines: ReadonlyMap<string, number>,
    compile: (definition: string) => CompiledMachine,
  ): void {
    const versions: StateMachineVersion[] = records.versions
      .filter((record) => machines.has(record.machineArn))
      .map((record) => ({
        arn: record.arn,
        machineArn: record.machineArn,
        name: record.name,
        version: record.version,
        definition: record.definition,
        compiled: compile(record.definition),
        roleArn: record.roleArn,
        type: record.type,
        creationDate: new Date(record.creationDate),
        ...(record.revisionId === undefined ? {} : { revisionId: record.revisionId }),
        ...(record.description === undefined ? {} : { description: record.description }),
      }));
    const kept = new Set(versions.map((version) => version.arn));
    const aliases = records.aliases
      .filter((alias) => alias.routingConfiguration.every((r) => kept.has(r.stateMachineVersionArn)))
      .map(restoredAlias);
    this.store.restore(versions, aliases, machines);
  }
}
