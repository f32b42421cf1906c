import { randomUUID } from 'node:crypto';
import { flat } from './ids';
import { InvalidArn, InvalidName } from './errors';

/** Names of state machines and executions: 1-80 characters, none of the ones the service refuses. */
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/u;
/** A C0 or C1 control character, or DEL. A loop, not a spread of the name: every start checks one. */
const hasControlCharacter = (name: string): boolean => {
  for (let i = 0; i < name.length; i += 1) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
};

/** A name the service accepts for a state machine, an execution or an activity. */
export const isValidName = (name: string): boolean =>
  name.length >= 1 && name.length <= 80 && !FORBIDDEN.test(name) && !hasControlCharacter(name);

export function assertValidName(name: string, what: string): void {
  if (!isValidName(name)) {
    throw new InvalidName(
      `Invalid Name: '${name}' (${what} names are 1 to 80 characters, without whitespace or any of < > { } [ ] ? * " # % \\ ^ | ~ \` $ & , ; : /)`,
    );
  }
}

export interface StateMachineArnParts {
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
  /** The mock config test case after `#`, if any. */
  readonly testCase?: string;
}

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):stateMachine:([^:#]+)(?:#(.+))?$/;
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):(execution|express):([^:]+):(.+)$/;

/**
 * The refusal of an ARN an action cannot take, in the service's words: text that does not start
 * with `arn:` is an "Invalid ARN prefix" (the text quoted); the ARN of another kind of resource
 * names that resource type, not the whole ARN ("Resource type not valid in this context:
 * execution"); an ARN of the right kind that is malformed otherwise is quoted whole.
 */
export function invalidArn(arn: string, accepted: readonly string[]): InvalidArn {
  if (!arn.startsWith('arn:')) return new InvalidArn(`Invalid Arn: 'Invalid ARN prefix: ${arn}'`);
  const resourceType = arn.split(':')[5] ?? '';
  if (!accepted.includes(resourceType))
    return new InvalidArn(`Invalid Arn: 'Resource type not valid in this context: ${resourceType}'`);
  return new InvalidArn(`Invalid Arn: '${arn}'`);
}

export function parseStateMachineArn(arn: string): StateMachineArnParts {
  const match = STATE_MACHINE_ARN.exec(arn);
  if (match === null) throw invalidArn(arn, ['stateMachine']);
  const [, region, accountId, name, testCase] = match as unknown as [
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  return testCase === undefined ? { region, accountId, name } : { region, accountId, name, testCase };
}

export function assertExecutionArn(arn: string): void {
  if (!EXECUTION_ARN.test(arn)) throw invalidArn(arn, ['execution', 'express']);
}

export const stateMachineArn = (region: string, accountId: string, name: string): string =>
  `arn:aws:states:${region}:${accountId}:stateMachine:${name}`;

/**
 * An execution's ARN. An Express execution's has one part more than a Standard one's, an ID the
 * service adds after the name (`…:express:MACHINE:NAME:ID`): Express names need not be unique,
 * and definitions that split `$$.Execution.Id` read that last part.
 */
export const executionArn = (
  machineArn: string,
  executionName: string,
  express: boolean,
  id: string = randomUUID(),
): string =>
  flat(
    express
      ? `${machineArn.replace(':stateMachine:', ':express:')}:${executionName}:${id}`
      : `${machineArn.replace(':stateMachine:', ':execution:')}:${executionName}`,
  );
