import type { IncomingMessage } from 'node:http';
import { BadRequest } from './errors';

/** The request's URL (against a placeholder origin: only path and query are read), or 400. */
export function requestUrl(request: IncomingMessage): URL {
  try {
    return new URL(request.url ?? '/', 'http://localhost');
  } catch {
    throw new BadRequest(`The request target ${request.url ?? ''} is not a URL`);
  }
}

/** A %-encoded URL part decoded, or 400 naming it when an escape in it is malformed (`%zz`). */
export function decodeUrlPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new BadRequest(`${part} is not valid URL encoding (a malformed % escape)`);
  }
}
