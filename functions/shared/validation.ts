import type { z } from 'zod';
import { MalformedEvent } from './errors';

/** One readable sentence from a zod error: which field, what is wrong. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** Validates a function's input; anything else is a MalformedEvent saying what was expected and why. */
export function parseEvent<T>(schema: z.ZodType<T>, event: unknown, expected: string): T {
  const parsed = schema.safeParse(event);
  if (!parsed.success) throw new MalformedEvent(`Not ${expected}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
