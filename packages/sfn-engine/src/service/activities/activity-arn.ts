import { isValidName } from '../../api/arns';
import { InvalidArn, InvalidName } from '../../api/errors';

const ACTIVITY_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:activity:[^:]+$/;

export const activityArn = (region: string, accountId: string, name: string): string =>
  `arn:aws:states:${region}:${accountId}:activity:${name}`;

/**
 * An ARN the activity actions take, refused as the service refuses it: text that is not an ARN
 * at all, or the ARN of something other than an activity.
 */
export function assertActivityArn(arn: string): void {
  if (!arn.startsWith('arn:')) throw new InvalidArn(`Invalid Arn: 'Invalid ARN prefix: ${arn}'`);
  if (!ACTIVITY_ARN.test(arn))
    throw new InvalidArn(`Invalid Arn: 'Resource type not valid in this context: ${arn}'`);
}

/** CreateActivity's name rules are those of state machines; the service's message names only the name. */
export function assertActivityName(name: string): void {
  if (!isValidName(name)) throw new InvalidName(`Invalid Name: '${name}'`);
}
