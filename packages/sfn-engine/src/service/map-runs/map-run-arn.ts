import { invalidArn } from '../../api/arns';

/**
 * A map run's ARN: the state machine's, under the `mapRun` resource type, with the Map's label
 * (its Label field, or an ID the service makes up) and the run's own ID:
 * `arn:aws:states:REGION:ACCOUNT:mapRun:MACHINE/LABEL:UUID`.
 */
export const mapRunArn = (stateMachineArn: string, label: string, id: string): string =>
  `${stateMachineArn.replace(':stateMachine:', ':mapRun:')}/${label}:${id}`;

/**
 * The state machine a map run's child executions belong to: the parent's, with the label
 * (`…:stateMachine:MACHINE/LABEL`), as ListMapRuns and the children's descriptions name it.
 */
export const labelledStateMachineArn = (stateMachineArn: string, label: string): string =>
  `${stateMachineArn}/${label}`;

const MAP_RUN_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:mapRun:[^:/]+\/[^:/]+:[^:/]+$/;

/**
 * An ARN the map run actions take, refused in the service's words (api/arns.ts): text that is not
 * an ARN at all, or the ARN of another resource type.
 */
export function assertMapRunArn(arn: string): void {
  if (!MAP_RUN_ARN.test(arn)) throw invalidArn(arn, ['mapRun']);
}
