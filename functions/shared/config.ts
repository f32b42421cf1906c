import { z } from 'zod';
import { ConfigurationError } from './errors';

/**
 * Reads and validates a function's environment once, at cold start: a missing or wrong variable
 * is a deployment mistake and should fail loudly before the first event, naming the variable.
 */
export function readConfig<Shape extends z.ZodRawShape>(
  shape: Shape,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<Shape>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigurationError(`Invalid function environment: ${problems.join('; ')}`);
  }
  return result.data;
}

/** A positive whole number given as an environment string. */
export const positiveIntegerText = z.coerce.number().int().positive();
