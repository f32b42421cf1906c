import { createLogger } from '../shared/logger';
import { subscriberFromStreamInput } from './subscriber-record';

const logger = createLogger('validate-subscriber');

/** Input: the Pipe batch holding one subscribers-table INSERT. Output: the validated subscriber. */
export const handler = async (event: unknown) => {
  const subscriber = subscriberFromStreamInput(event);
  logger.info('Subscriber is valid', { eventId: subscriber.eventId, locale: subscriber.locale });
  return subscriber;
};
