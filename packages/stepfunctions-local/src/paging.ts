import { InvalidToken, ValidationException } from '@myblog/sfn-engine';

/** Lists whose nextToken the API reference caps at 1024 characters (the others: 3096). */
const SHORT_TOKEN_LISTS: ReadonlySet<string> = new Set(['machines', 'activities']);
import { optionalInteger, optionalString, type RequestBody } from './wire';

/**
 * maxResults/nextToken paging as the service does it: at most 1000 per page (100 when not
 * given, as the service's default), and an opaque token that names where the next page starts.
 */
export function page<T>(
  items: readonly T[],
  body: RequestBody,
  listName: string,
): { items: T[]; nextToken?: string } {
  const { start, end } = pageBounds(body, listName);
  return pageOf(items.slice(start, end), end, items.length, listName);
}

/**
 * A page a lister cut itself (only the items asked for, out of `total`), with the token of the
 * next page when one follows `end`.
 */
export function pageOf<T>(
  items: T[],
  end: number,
  total: number,
  listName: string,
): { items: T[]; nextToken?: string } {
  return end < total
    ? { items, nextToken: Buffer.from(`${listName}:${end}`).toString('base64url') }
    : { items };
}

/**
 * Where the requested page starts and ends in the whole list: a lister asked for `end + 1` items
 * has enough for page() to tell whether another page follows.
 */
export function pageBounds(body: RequestBody, listName: string): { start: number; end: number } {
  const maxResults = optionalInteger(body, 'maxResults', 0, 1000) || 100;
  const token = optionalString(body, 'nextToken');
  let start = 0;
  if (token !== undefined) {
    // The member's length constraint comes before the token is looked at (a ValidationException,
    // not InvalidToken: LocalStack's test_list_sms_pagination and test_list_executions_pagination,
    // recorded on AWS).
    const maxLength = SHORT_TOKEN_LISTS.has(listName) ? 1024 : 3096;
    if (token.length > maxLength)
      throw new ValidationException(
        `1 validation error detected: Value '${token}' at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to ${maxLength}`,
      );
    const decoded = /^(\w+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (decoded === null || decoded[1] !== listName) throw new InvalidToken(`Invalid Token: '${token}'`);
    start = Number(decoded[2]);
  }
  return { start, end: start + maxResults };
}
