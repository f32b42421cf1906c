import { ValidationException } from '../../api/errors';

/**
 * The service's answer to request members that break their model's constraints: every broken
 * constraint, in one ValidationException ("2 validation errors detected: …; …").
 */
export function assertConstraints(problems: readonly string[]): void {
  if (problems.length === 0) return;
  const count = problems.length === 1 ? '1 validation error' : `${problems.length} validation errors`;
  throw new ValidationException(`${count} detected: ${problems.join('; ')}`);
}

/** One broken constraint, worded as the service words it. */
export const brokenConstraint = (value: string, member: string, rule: string): string =>
  `Value '${value}' at '${member}' failed to satisfy constraint: ${rule}`;

/** Descriptions of versions and aliases: at most 256 characters. */
export function descriptionProblems(description: string | undefined, member: string): string[] {
  if (description === undefined || description.length <= 256) return [];
  return [brokenConstraint(description, member, 'Member must have length less than or equal to 256')];
}
