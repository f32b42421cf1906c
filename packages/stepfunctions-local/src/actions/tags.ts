import { ValidationException } from '@myblog/sfn-engine';
import { type Action, requiredString } from '../wire';

/** Tags by resource ARN (the engine does not need them; the API keeps them). */
export class TagStore {
  private readonly byArn = new Map<string, Map<string, string>>();

  tag(arn: string, tags: unknown): void {
    if (tags === undefined || tags === null) return;
    const checked = checkedTags(tags);
    const existing = this.byArn.get(arn) ?? new Map<string, string>();
    for (const { key, value } of checked) existing.set(key, value);
    this.byArn.set(arn, existing);
  }

  untag(arn: string, keys: unknown): void {
    const existing = this.byArn.get(arn);
    if (existing === undefined || !Array.isArray(keys)) return;
    for (const key of keys) existing.delete(String(key));
  }

  list(arn: string): { key: string; value: string }[] {
    return [...(this.byArn.get(arn) ?? new Map<string, string>()).entries()].map(([key, value]) => ({
      key,
      value,
    }));
  }

  forget(arn: string): void {
    this.byArn.delete(arn);
  }
}

/**
 * A request's tags as the service checks them, before anything is created: a create refused
 * for its tags creates nothing.
 */
export function checkedTags(tags: unknown): { key: string; value: string }[] {
  if (tags === undefined || tags === null) return [];
  if (!Array.isArray(tags))
    throw new ValidationException(
      "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must be a list",
    );
  return (tags as { key?: unknown; value?: unknown }[]).map((tag) => {
    if (typeof tag?.key !== 'string')
      throw new ValidationException(
        "1 validation error detected: Value at 'tags.member.key' failed to satisfy constraint: Member must not be null",
      );
    return { key: tag.key, value: typeof tag.value === 'string' ? tag.value : '' };
  });
}

export function tagActions(tags: TagStore, assertExists: (arn: string) => void): Record<string, Action> {
  return {
    TagResource: (body) => {
      const arn = requiredString(body, 'resourceArn');
      assertExists(arn);
      tags.tag(arn, body['tags']);
      return {};
    },
    UntagResource: (body) => {
      const arn = requiredString(body, 'resourceArn');
      assertExists(arn);
      tags.untag(arn, body['tagKeys']);
      return {};
    },
    ListTagsForResource: (body) => {
      const arn = requiredString(body, 'resourceArn');
      assertExists(arn);
      return { tags: tags.list(arn) };
    },
  };
}
