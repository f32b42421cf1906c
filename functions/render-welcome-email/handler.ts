import { z } from 'zod';
import { readConfig } from '../shared/config';
import { createLogger } from '../shared/logger';
import { subscriberSchema } from '../shared/subscriber';
import { parseEvent } from '../shared/validation';
import { renderWelcomeEmail, type RenderedEmail } from './templates';

const config = readConfig({ SITE_URL: z.url() });
const logger = createLogger('render-welcome-email');

/** Input: a validated subscriber. Output: subject, HTML and text of their welcome email. */
export const handler = async (event: unknown): Promise<RenderedEmail> => {
  const subscriber = parseEvent(subscriberSchema, event, 'a subscriber');
  const email = renderWelcomeEmail(subscriber, config.SITE_URL);
  logger.info('Rendered welcome email', { locale: email.locale });
  return email;
};
