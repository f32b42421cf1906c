import { compileAcceptedStateMachine } from '../../definition/compile';
import { validateDefinition } from '../../definition/validate';
import type { JsonObject } from '@myblog/asl';
import type { JournalDamage } from './journal-damage';
import type { JournalSnapshot } from './records';

/**
 * Why a definition read back from the journal cannot run, or undefined when it can. A byte
 * flipped inside a definition still makes valid JSON (a `Next` naming no state): such a one is
 * left out. One the checks at creation refuse today but that runs (validation follows the
 * service more closely with each version: a loop with no terminal state was accepted before) was
 * accepted when it was created and is kept, with a note saying what the checks say now.
 */
function unrunnable(definition: string, damage: JournalDamage, note: string): string | undefined {
  let parsed: JsonObject;
  try {
    parsed = JSON.parse(definition) as JsonObject;
    compileAcceptedStateMachine(parsed);
  } catch (error) {
    return (error as Error).message;
  }
  const problems = validateDefinition(parsed);
  const missingTarget = problems.find((p) => p.message.startsWith('Missing '));
  if (missingTarget !== undefined) return `${missingTarget.message} at ${missingTarget.path ?? '/'}`;
  if (problems.length > 0)
    damage.note(
      `${note} was accepted when it was created and is kept, though it would be refused now: ${problems.map((p) => p.message).join('; ')}`,
    );
  return undefined;
}

/**
 * Leaves out the state machines and executions whose definition the engine cannot run, each with
 * a warning, so restoring the rest cannot fail on them.
 */
export function restorable(snapshot: JournalSnapshot, damage: JournalDamage): JournalSnapshot {
  const problems = new Map<string, string | undefined>();
  const problem = (definition: string, what: string): string | undefined => {
    if (!problems.has(definition)) problems.set(definition, unrunnable(definition, damage, what));
    return problems.get(definition);
  };
  const machines = snapshot.machines.filter((machine) => {
    const found = problem(machine.definition, `the state machine ${machine.arn}`);
    if (found !== undefined)
      damage.leftOut(
        `the state machine ${machine.arn} has a definition that does not compile (${found}); left out`,
      );
    return found === undefined;
  });
  const executions = snapshot.executions.filter((execution) => {
    const found = problem(execution.definition, `the definition of the execution ${execution.arn}`);
    if (found !== undefined)
      damage.leftOut(
        `the execution ${execution.arn} runs a definition that does not compile (${found}); left out`,
      );
    return found === undefined;
  });
  // A version keeps its own definition: one that does not compile is left out, and so are the
  // aliases that route to it (an alias whose version is gone could start nothing).
  const versions = (snapshot.versions ?? []).filter((version) => {
    const found = problem(version.definition, `the state machine version ${version.arn}`);
    if (found !== undefined)
      damage.leftOut(
        `the state machine version ${version.arn} has a definition that does not compile (${found}); left out`,
      );
    return found === undefined;
  });
  const kept = new Set(versions.map((version) => version.arn));
  const aliases = (snapshot.aliases ?? []).filter((alias) => {
    const lost = alias.routingConfiguration.find((r) => !kept.has(r.stateMachineVersionArn));
    if (lost !== undefined)
      damage.leftOut(
        `the state machine alias ${alias.arn} routes to ${lost.stateMachineVersionArn}, which is not kept; left out`,
      );
    return lost === undefined;
  });
  return { ...snapshot, machines, executions, versions, aliases };
}
