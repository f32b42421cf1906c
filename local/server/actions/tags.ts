import { ValidationException } from '../../engine/api/errors';
import { type Action, requiredString } from '../wire';

/** Tags by resource ARN (the engine does not need them; the API keeps them). */
export class TagStore {
  private readonly byArn = new Map<string, Map<string, string>>();

  tag(arn: string, tags: unknown): void {
    if (tags === undefined || tags === null) return;
    if (!Array.isArray(tags))
      throw new ValidationException(
        "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must be a list",
      );
    const existing = this.byArn.get(arn) ?? new Map<string, string>();
    for (const tag of tags as { key?: unknown; value?: unknown }[]) {
      if (typeof tag?.key !== 'string')
        throw new ValidationException(
          "1 validation error detected: Value at 'tags.member.key' failed to satisfy constraint: Member must not be null",
        );
      existing.set(tag.key, typeof tag.value === 'string' ? tag.value : '');
    }
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
