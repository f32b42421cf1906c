import { ValidationException } from '../../api/errors';
import type { StateMachineType } from '../types';
import type { CompiledMachine } from '../../states/state';
import { ConflictException, ServiceQuotaExceededException } from './errors';
import { aliasArn, versionArn } from './qualified-arn';
import { checkRouting, type RoutingEntry } from './routing';

/** What a version is cut from: a state machine's current revision. */
export interface Revision {
  readonly machineArn: string;
  readonly name: string;
  readonly definition: string;
  readonly compiled: CompiledMachine;
  readonly roleArn: string;
  readonly type: StateMachineType;
  /** Undefined until the state machine is first updated (the service's "INITIAL" revision). */
  readonly revisionId?: string;
}

/** A published version: an immutable snapshot of one revision, numbered from 1. */
export interface StateMachineVersion extends Revision {
  readonly arn: string;
  readonly version: number;
  readonly description?: string;
  readonly creationDate: Date;
}

export interface StateMachineAlias {
  readonly arn: string;
  readonly machineArn: string;
  readonly name: string;
  readonly description?: string;
  readonly routing: readonly RoutingEntry[];
  readonly creationDate: Date;
  readonly updateDate: Date;
}

/** The service's quotas: 1000 versions and 100 aliases per state machine. */
export interface VersionQuotas {
  readonly versionsPerMachine: number;
  readonly aliasesPerMachine: number;
}

export const SERVICE_QUOTAS: VersionQuotas = { versionsPerMachine: 1000, aliasesPerMachine: 100 };

/** The revision a state machine has before any update, as PublishStateMachineVersion names it. */
export const INITIAL_REVISION = 'INITIAL';

interface MachineVersions {
  /** The highest number ever given: numbers of deleted versions are not given again. */
  last: number;
  readonly versions: Map<number, StateMachineVersion>;
  readonly aliases: Map<string, StateMachineAlias>;
}

const sameRouting = (a: readonly RoutingEntry[], b: readonly RoutingEntry[]): boolean =>
  a.length === b.length &&
  a.every(
    (entry, i) =>
      entry.stateMachineVersionArn === b[i]?.stateMachineVersionArn && entry.weight === b[i]?.weight,
  );

/**
 * The versions and aliases of every state machine. Pure bookkeeping: the engine checks that the
 * state machine exists, records changes in the journal and runs the executions.
 */
export class VersionStore {
  private readonly byMachine = new Map<string, MachineVersions>();

  constructor(private readonly quotas: VersionQuotas = SERVICE_QUOTAS) {}

  private of(machineArn: string): MachineVersions {
    let entry = this.byMachine.get(machineArn);
    if (entry === undefined) {
      entry = { last: 0, versions: new Map(), aliases: new Map() };
      this.byMachine.set(machineArn, entry);
    }
    return entry;
  }

  /**
   * Publishes the revision as the next version, or answers the version already published for it
   * (the service's idempotency: one version per revision while that version exists). With
   * `expectedRevision`, only if the state machine is still at that revision.
   */
  publish(
    revision: Revision,
    options: { description?: string; expectedRevision?: string; now: Date },
  ): { version: StateMachineVersion; created: boolean } {
    const current = revision.revisionId ?? INITIAL_REVISION;
    if (options.expectedRevision !== undefined && options.expectedRevision !== current)
      throw new ConflictException(
        `Failed to publish the State Machine version for revision ${options.expectedRevision}. The current State Machine revision is ${current}.`,
      );
    const machine = this.of(revision.machineArn);
    for (const existing of machine.versions.values())
      if (existing.revisionId === revision.revisionId) return { version: existing, created: false };
    this.assertRoom(revision.machineArn);
    const number = machine.last + 1;
    const version: StateMachineVersion = {
      ...revision,
      arn: versionArn(revision.machineArn, number),
      version: number,
      ...(options.description === undefined ? {} : { description: options.description }),
      creationDate: options.now,
    };
    machine.last = number;
    machine.versions.set(number, version);
    return { version, created: true };
  }

  /** Refuses, as publishing would, when the machine has as many versions as it may have. */
  assertRoom(machineArn: string): void {
    const count = this.byMachine.get(machineArn)?.versions.size ?? 0;
    if (count >= this.quotas.versionsPerMachine)
      throw new ServiceQuotaExceededException(
        `The state machine '${machineArn}' has ${count} versions, the most it may have (${this.quotas.versionsPerMachine}): delete versions it no longer needs with DeleteStateMachineVersion.`,
      );
  }

  version(machineArn: string, number: number): StateMachineVersion | undefined {
    return this.byMachine.get(machineArn)?.versions.get(number);
  }

  /** Newest first, as ListStateMachineVersions lists them. */
  versions(machineArn: string): StateMachineVersion[] {
    return [...(this.byMachine.get(machineArn)?.versions.values() ?? [])].sort(
      (a, b) => b.version - a.version,
    );
  }

  /** Deletes a version (false when there is none); one an alias routes to stays. */
  deleteVersion(machineArn: string, number: number): boolean {
    const machine = this.byMachine.get(machineArn);
    const version = machine?.versions.get(number);
    if (machine === undefined || version === undefined) return false;
    const routing = [...machine.aliases.values()].filter((alias) =>
      alias.routing.some((r) => r.stateMachineVersionArn === version.arn),
    );
    if (routing.length > 0)
      throw new ConflictException(
        `Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${routing.map((a) => a.name).join(', ')}]`,
      );
    machine.versions.delete(number);
    return true;
  }

  /**
   * Creates an alias, or answers the existing one when the request is the same (the service's
   * idempotency on name, description and routing). Returns whether it was created.
   */
  createAlias(
    request: { name: string; description?: string; routing: readonly RoutingEntry[] },
    now: Date,
  ): { alias: StateMachineAlias; created: boolean } {
    const machineArn = checkRouting(request.routing, (arn, n) => this.version(arn, n) !== undefined);
    const machine = this.of(machineArn);
    const existing = machine.aliases.get(request.name);
    if (existing !== undefined) {
      if (existing.description === request.description && sameRouting(existing.routing, request.routing))
        return { alias: existing, created: false };
      throw new ConflictException(
        'Failed to create alias because an alias with the same name and a different routing configuration already exists.',
      );
    }
    if (machine.aliases.size >= this.quotas.aliasesPerMachine)
      throw new ServiceQuotaExceededException(
        `The state machine '${machineArn}' has ${machine.aliases.size} aliases, the most it may have (${this.quotas.aliasesPerMachine}): delete aliases it no longer needs with DeleteStateMachineAlias.`,
      );
    const alias: StateMachineAlias = {
      arn: aliasArn(machineArn, request.name),
      machineArn,
      name: request.name,
      ...(request.description === undefined ? {} : { description: request.description }),
      routing: request.routing.map((r) => ({
        stateMachineVersionArn: r.stateMachineVersionArn,
        weight: r.weight,
      })),
      creationDate: now,
      updateDate: now,
    };
    machine.aliases.set(request.name, alias);
    return { alias, created: true };
  }

  alias(machineArn: string, name: string): StateMachineAlias | undefined {
    return this.byMachine.get(machineArn)?.aliases.get(name);
  }

  /** Changes an existing alias's description, routing or both; its versions must be its machine's. */
  updateAlias(
    alias: StateMachineAlias,
    changes: { description?: string; routing?: readonly RoutingEntry[] },
    now: Date,
  ): StateMachineAlias {
    if (changes.routing !== undefined) {
      const machineArn = checkRouting(changes.routing, (arn, n) => this.version(arn, n) !== undefined);
      if (machineArn !== alias.machineArn)
        throw new ValidationException(
          `Routing configuration must contain versions of the state machine '${alias.machineArn}'. Received: [${changes.routing.map((r) => r.stateMachineVersionArn).join(', ')}]`,
        );
    }
    const { description: _old, ...rest } = alias;
    const description = changes.description ?? alias.description;
    const updated: StateMachineAlias = {
      ...rest,
      ...(description === undefined ? {} : { description }),
      routing: (changes.routing ?? alias.routing).map((r) => ({
        stateMachineVersionArn: r.stateMachineVersionArn,
        weight: r.weight,
      })),
      updateDate: now,
    };
    this.of(alias.machineArn).aliases.set(alias.name, updated);
    return updated;
  }

  /** Deletes an alias (false when there is none); its versions stay. */
  deleteAlias(machineArn: string, name: string): boolean {
    return this.byMachine.get(machineArn)?.aliases.delete(name) ?? false;
  }

  /** Oldest first, as the service lists them; with a version ARN, only the aliases routing to it. */
  aliases(machineArn: string, routingTo?: string): StateMachineAlias[] {
    return [...(this.byMachine.get(machineArn)?.aliases.values() ?? [])]
      .filter(
        (alias) =>
          routingTo === undefined || alias.routing.some((r) => r.stateMachineVersionArn === routingTo),
      )
      .sort((a, b) => a.creationDate.getTime() - b.creationDate.getTime());
  }

  /** The highest version number given for the machine so far (0 when none). */
  lastVersion(machineArn: string): number {
    return this.byMachine.get(machineArn)?.last ?? 0;
  }

  /** Every version and alias, for the journal's snapshot. */
  all(): { versions: StateMachineVersion[]; aliases: StateMachineAlias[] } {
    const versions: StateMachineVersion[] = [];
    const aliases: StateMachineAlias[] = [];
    for (const machine of this.byMachine.values()) {
      versions.push(...machine.versions.values());
      aliases.push(...machine.aliases.values());
    }
    return { versions, aliases };
  }

  /** A state machine was deleted: its versions and aliases go with it. */
  forget(machineArn: string): void {
    this.byMachine.delete(machineArn);
  }

  /** Takes back what the journal kept: versions, aliases and how far numbering has gone. */
  restore(
    versions: readonly StateMachineVersion[],
    aliases: readonly StateMachineAlias[],
    lastVersions: ReadonlyMap<string, number>,
  ): void {
    for (const version of versions) {
      const machine = this.of(version.machineArn);
      machine.versions.set(version.version, version);
      machine.last = Math.max(machine.last, version.version);
    }
    for (const alias of aliases) this.of(alias.machineArn).aliases.set(alias.name, alias);
    for (const [machineArn, last] of lastVersions) {
      const machine = this.of(machineArn);
      machine.last = Math.max(machine.last, last);
    }
  }
}
