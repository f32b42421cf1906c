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
  return { ...snapshot, machines, executions };
}
