import { ServiceError } from '@myblog/sfn-engine';

/**
 * Errors the service's front end answers before an action sees the request: their `__type` is in
 * the Coral framework's namespace, not the Step Functions model's, as the service sends them.
 */
export abstract class ProtocolError extends ServiceError {
  readonly namespace = 'com.amazon.coral.service';
}

/**
 * An X-Amz-Target naming no action of the service. The service answers 400 with the bare type
 * and no message.
 */
export class UnknownOperation extends ProtocolError {
  constructor() {
    super('UnknownOperationException', '');
  }
}

/** A request body over the service's request size quota, answered without reading it all. */
export class RequestEntityTooLarge extends ProtocolError {
  constructor(limitBytes: number) {
    super('RequestEntityTooLargeException', `Request body must be no larger than ${limitBytes} bytes`, 413);
  }
}

export class InternalFailure extends ProtocolError {
  constructor(message: string) {
    super('InternalFailure', message, 500);
  }
}
