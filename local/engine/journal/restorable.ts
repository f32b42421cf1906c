import { compileStateMachine } from '../definition/compile';
import type { JournalDamage } from './journal-damage';
import type { JournalSnapshot } from './replay';

/**
 * Leaves out the state machines and executions whose definition the engine cannot compile (a
 * byte flipped inside a definition still makes valid JSON: a `Next` naming no state), each with
 * a warning, so restoring the rest cannot fail on them.
 */
export function restorable(snapshot: JournalSnapshot, damage: JournalDamage): JournalSnapshot {
  const problems = new Map<string, string | undefined>();
  const problem = (definition: string): string | undefined => {
    if (!problems.has(definition)) {
      try {
        compileStateMachine(JSON.parse(definition));
        problems.set(definition, undefined);
      } catch (error) {
        problems.set(definition, (error as Error).message);
      }
    }
    return problems.get(definition);
  };
  const machines = snapshot.machines.filter((machine) => {
    const found = problem(machine.definition);
    if (found !== undefined)
      damage.leftOut(
        `the state machine ${machine.arn} has a definition that does not compile (${found}); left out`,
      );
    return found === undefined;
  });
  const executions = snapshot.executions.filter((execution) => {
    const found = problem(execution.definition);
    if (found !== undefined)
      damage.leftOut(
        `the execution ${execution.arn} runs a definition that does not compile (${found}); left out`,
      );
    return found === undefined;
  });
  // A version keeps its own definition: one that does not compile is left out, and so are the
  // aliases that route to it (an alias whose version is gone could start nothing).
  const versions = (snapshot.versions ?? []).filter((version) => {
    const found = problem(version.definition);
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
