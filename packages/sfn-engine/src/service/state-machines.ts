/**
 * The state machines of one account and region: CreateStateMachine, UpdateStateMachine,
 * DeleteStateMachine, DescribeStateMachine and ListStateMachines, each definition compiled once
 * when it is accepted, and their versions and aliases (versions/).
 */
import { randomUUID } from 'node:crypto';
import type { JsonObject } from '@myblog/asl';
import { assertValidName, parseStateMachineArn, stateMachineArn } from '../api/arns';
import { StateMachineAlreadyExists, StateMachineDoesNotExist } from '../api/errors';
import type { Clock } from '../clock';
import type { CompatProfile } from '../compat';
import type { DefinitionProblem } from '../errors';
import type { CompiledMachine } from '../states/state';
import { compileDefinition, definitionProblems } from './definitions';
import type { JournalSink, JournalSnapshot, MachineRecord } from './journal/records';
import { parseQualifiedStateMachineArn } from './versions/qualified-arn';
import type { RandomSource } from './versions/routing';
import type { Revision } from './versions/version-store';
import { assertPublishOptions, Versioning } from './versions/versioning';
import type { StateMachineDescription, StateMachineType } from './types';

export interface StateMachineEntry {
  readonly arn: string;
  readonly name: string;
  definition: string;
  compiled: CompiledMachine;
  roleArn: string;
  readonly type: StateMachineType;
  readonly creationDate: Date;
  /** Set by each update that changes the definition or role; the versions' idempotency key. */
  revisionId?: string;
}

/** A state machine as the journal records it. */
const machineRecord = (entry: StateMachineEntry, lastVersion: number): MachineRecord => ({
  kind: 'machine',
  arn: entry.arn,
  name: entry.name,
  definition: entry.definition,
  roleArn: entry.roleArn,
  type: entry.type,
  creationDate: entry.creationDate.getTime(),
  ...(entry.revisionId === undefined ? {} : { revisionId: entry.revisionId }),
  // How far its versions' numbering has gone: a deleted version's number is not given again.
  ...(lastVersion === 0 ? {} : { lastVersion }),
});

/** The revision a state machine is at: what a version published now would hold. */
const revisionOf = (entry: StateMachineEntry): Revision => ({
  machineArn: entry.arn,
  name: entry.name,
  definition: entry.definition,
  compiled: entry.compiled,
  roleArn: entry.roleArn,
  type: entry.type,
  ...(entry.revisionId === undefined ? {} : { revisionId: entry.revisionId }),
});

const DEFAULT_ROLE = (accountId: string) => `arn:aws:iam::${accountId}:role/service-role/StepFunctions-local`;

export interface StateMachinesOptions {
  readonly region: string;
  readonly accountId: string;
  readonly clock: Clock;
  readonly compat: CompatProfile;
  readonly journal: JournalSink | undefined;
  readonly random: RandomSource;
}

export class StateMachines {
  /** PublishStateMachineVersion, the alias actions, and what a qualified ARN runs. */
  readonly versioning: Versioning;
  private readonly entries = new Map<string, StateMachineEntry>();

  constructor(private readonly options: StateMachinesOptions) {
    this.versioning = new Versioning({
      revisionOf: (arn) => revisionOf(this.machine(arn)),
      now: () => new Date(options.clock.now()),
      ...(options.journal === undefined ? {} : { journal: options.journal }),
      random: options.random,
    });
  }

  /** Every problem the service would report for this definition (empty when it is valid). */
  validate(definition: string | JsonObject, type: StateMachineType = 'STANDARD'): DefinitionProblem[] {
    return definitionProblems(definition, { type, retrierLimits: this.options.compat.retrierLimits });
  }

  private compile(
    definition: string | JsonObject,
    type: StateMachineType = 'STANDARD',
  ): { text: string; compiled: CompiledMachine } {
    return compileDefinition(definition, { type, retrierLimits: this.options.compat.retrierLimits });
  }

  create(request: {
    name: string;
    definition: string | JsonObject;
    roleArn?: string;
    type?: StateMachineType;
    /** Publishes the first version too. */
    publish?: boolean;
    versionDescription?: string;
  }): {
    stateMachineArn: string;
    creationDate: Date;
    stateMachineVersionArn?: string;
  } {
    assertPublishOptions(request.publish, request.versionDescription);
    assertValidName(request.name, 'State machine');
    const { region, accountId, clock } = this.options;
    const arn = stateMachineArn(region, accountId, request.name);
    const type = request.type ?? 'STANDARD';
    const { text, compiled } = this.compile(request.definition, type);
    const roleArn = request.roleArn ?? DEFAULT_ROLE(accountId);
    const existing = this.entries.get(arn);
    if (existing !== undefined) {
      // The service answers an identical request with the existing machine.
      if (existing.definition === text && existing.roleArn === roleArn && existing.type === type)
        return {
          stateMachineArn: arn,
          creationDate: existing.creationDate,
          ...this.published(existing, request),
        };
      throw new StateMachineAlreadyExists(`State Machine Already Exists: '${arn}'`);
    }
    const creationDate = new Date(clock.now());
    const entry = { arn, name: request.name, definition: text, compiled, roleArn, type, creationDate };
    this.entries.set(arn, entry);
    this.journalMachine(entry);
    return { stateMachineArn: arn, creationDate, ...this.published(entry, request) };
  }

  /** With `publish`, the version of the machine's current revision (published if need be). */
  private published(
    entry: StateMachineEntry,
    request: { publish?: boolean; versionDescription?: string },
  ): { stateMachineVersionArn?: string } {
    if (request.publish !== true) return {};
    const description = request.versionDescription;
    const version = this.versioning.publish(
      revisionOf(entry),
      description === undefined ? {} : { description },
    );
    return { stateMachineVersionArn: version.arn };
  }

  private journalMachine(entry: StateMachineEntry): void {
    this.options.journal?.append(machineRecord(entry, this.versioning.lastVersion(entry.arn)));
  }

  /** The state machine an unqualified ARN names (a version's or an alias's ARN names none). */
  machine(arn: string): StateMachineEntry {
    const parts = parseQualifiedStateMachineArn(arn);
    const entry = parts.qualifier === undefined ? this.entries.get(parts.machineArn) : undefined;
    if (entry === undefined) throw new StateMachineDoesNotExist(`State Machine Does Not Exist: '${arn}'`);
    return entry;
  }

  /**
   * A change of the definition or role is a new revision (a new revisionId); an update that
   * changes nothing keeps the revision, so publishing it answers the version it already has.
   */
  update(request: {
    stateMachineArn: string;
    definition?: string | JsonObject;
    roleArn?: string;
    publish?: boolean;
    versionDescription?: string;
  }): { updateDate: Date; revisionId?: string; stateMachineVersionArn?: string } {
    assertPublishOptions(request.publish, request.versionDescription);
    const entry = this.machine(request.stateMachineArn);
    const next = request.definition === undefined ? undefined : this.compile(request.definition, entry.type);
    const changed =
      (next !== undefined && next.text !== entry.definition) ||
      (request.roleArn !== undefined && request.roleArn !== entry.roleArn);
    if (changed && request.publish === true) this.versioning.assertRoomForVersion(entry.arn);
    if (next !== undefined) {
      entry.definition = next.text;
      entry.compiled = next.compiled;
    }
    if (request.roleArn !== undefined) entry.roleArn = request.roleArn;
    if (changed) entry.revisionId = randomUUID();
    this.journalMachine(entry);
    return {
      updateDate: new Date(this.options.clock.now()),
      ...(entry.revisionId === undefined ? {} : { revisionId: entry.revisionId }),
      ...this.published(entry, request),
    };
  }

  delete(arn: string): void {
    const parts = parseStateMachineArn(arn);
    const key = stateMachineArn(parts.region, parts.accountId, parts.name);
    // Its versions and aliases go with it (the journal's machine-deleted record says so too).
    this.versioning.forget(key);
    if (this.entries.delete(key)) this.options.journal?.append({ kind: 'machine-deleted', arn: key });
  }

  /** A state machine, or with a version ARN that version (its creationDate is the version's). */
  describe(arn: string): StateMachineDescription {
    const parts = parseQualifiedStateMachineArn(arn);
    const entry =
      parts.qualifier?.kind === 'version' ? this.versioning.describeVersion(arn) : this.machine(arn);
    return {
      stateMachineArn: entry.arn,
      name: entry.name,
      definition: entry.definition,
      roleArn: entry.roleArn,
      type: entry.type,
      creationDate: entry.creationDate,
      status: 'ACTIVE',
      ...(entry.revisionId === undefined ? {} : { revisionId: entry.revisionId }),
      ...('description' in entry && entry.description !== undefined
        ? { description: entry.description }
        : {}),
    };
  }

  /** The type of the state machine a (possibly qualified) ARN starts. */
  typeOf(arn: string): StateMachineType {
    return this.machine(this.versioning.machineStartedBy(arn)).type;
  }

  list(): StateMachineDescription[] {
    return [...this.entries.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((entry) => this.describe(entry.arn));
  }

  /** The machines, their versions and aliases as the journal records them. */
  records(): Pick<JournalSnapshot, 'machines' | 'versions' | 'aliases'> {
    return {
      machines: [...this.entries.values()].map((entry) =>
        machineRecord(entry, this.versioning.lastVersion(entry.arn)),
      ),
      ...this.versioning.snapshot(),
    };
  }

  /** Takes back the machines, versions and aliases a journal remembers, each compiled by `compile`. */
  restore(
    snapshot: Pick<JournalSnapshot, 'machines' | 'versions' | 'aliases'>,
    compile: (definition: string) => CompiledMachine,
  ): void {
    const numbering = new Map<string, number>();
    for (const machine of snapshot.machines) {
      const { kind: _kind, lastVersion, ...kept } = machine;
      this.entries.set(machine.arn, {
        ...kept,
        compiled: compile(machine.definition),
        creationDate: new Date(machine.creationDate),
      });
      numbering.set(machine.arn, lastVersion ?? 0);
    }
    this.versioning.restore(
      { versions: snapshot.versions ?? [], aliases: snapshot.aliases ?? [] },
      numbering,
      compile,
    );
  }
}
