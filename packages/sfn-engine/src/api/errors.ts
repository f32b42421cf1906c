/**
 * Errors of the Step Functions API (not of a workflow): what CreateStateMachine, StartExecution
 * and friends answer with. `type` is the service's `__type`; the server maps it to a status.
 */
export class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
  }
  override get name(): string {
    return this.type;
  }
}

const serviceError = (type: string, httpStatus = 400) =>
  class extends ServiceError {
    constructor(message: string) {
      super(type, message, httpStatus);
    }
  };

export class InvalidName extends serviceError('InvalidName') {}
export class InvalidArn extends serviceError('InvalidArn') {}
export class InvalidDefinition extends serviceError('InvalidDefinition') {}
export class InvalidExecutionInput extends serviceError('InvalidExecutionInput') {}
export class InvalidOutput extends serviceError('InvalidOutput') {}
export class InvalidToken extends serviceError('InvalidToken') {}
export class StateMachineAlreadyExists extends serviceError('StateMachineAlreadyExists') {}
export class StateMachineDoesNotExist extends serviceError('StateMachineDoesNotExist') {}
export class StateMachineTypeNotSupported extends serviceError('StateMachineTypeNotSupported') {}
export class ExecutionAlreadyExists extends serviceError('ExecutionAlreadyExists') {}
export class ExecutionDoesNotExist extends serviceError('ExecutionDoesNotExist') {}
export class ExecutionLimitExceeded extends serviceError('ExecutionLimitExceeded') {}
export class ExecutionNotRedrivable extends serviceError('ExecutionNotRedrivable') {}
export class TaskDoesNotExist extends serviceError('TaskDoesNotExist') {}
export class TaskTimedOut extends serviceError('TaskTimedOut') {}
export class ActivityDoesNotExist extends serviceError('ActivityDoesNotExist') {}
export class ActivityAlreadyExists extends serviceError('ActivityAlreadyExists') {}
export class ActivityLimitExceeded extends serviceError('ActivityLimitExceeded') {}
export class ActivityWorkerLimitExceeded extends serviceError('ActivityWorkerLimitExceeded') {}
export class InvalidEncryptionConfiguration extends serviceError('InvalidEncryptionConfiguration') {}
export class ResourceNotFound extends serviceError('ResourceNotFound') {}
export class ValidationException extends serviceError('ValidationException') {}
export class MissingRequiredParameter extends serviceError('MissingRequiredParameter') {}
/** A request body the JSON protocol cannot read: not JSON, or a member of the wrong type. */
export class SerializationException extends serviceError('SerializationException') {}
