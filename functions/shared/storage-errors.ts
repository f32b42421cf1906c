import { TransientStorageError } from './errors';

interface ServiceErrorShape {
  name?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
}

const THROTTLING = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'TooManyRequestsException',
]);

/** True for an AWS SDK error that is worth retrying: throttling or a fault on the service's side. */
export function isTransientServiceError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const shape = error as ServiceErrorShape;
  if (shape.name !== undefined && THROTTLING.has(shape.name)) return true;
  if (shape.$fault === 'server') return true;
  const status = shape.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

/** Rethrows transient storage failures as TransientStorageError so workflows retry them by name. */
export function rethrowStorageError(error: unknown, what: string): never {
  if (isTransientServiceError(error)) {
    throw new TransientStorageError(`${what} failed transiently: ${(error as Error).message}`);
  }
  throw error;
}

/** True when S3 said the key or bucket does not exist. */
export function isNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const shape = error as ServiceErrorShape;
  return shape.name === 'NoSuchKey' || shape.name === 'NotFound' || shape.$metadata?.httpStatusCode === 404;
}
