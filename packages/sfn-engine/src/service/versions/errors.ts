import { ServiceError } from '../../api/errors';

/**
 * The errors of versions and aliases, as the service names them. ConflictException and
 * ServiceQuotaExceededException carry the HTTP statuses the API reference gives them (409, 402).
 */
export class ConflictException extends ServiceError {
  constructor(message: string) {
    super('ConflictException', message, 409);
  }
}

export class ServiceQuotaExceededException extends ServiceError {
  constructor(message: string) {
    super('ServiceQuotaExceededException', message, 402);
  }
}
