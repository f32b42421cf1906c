import type { APIGatewayProxyEvent } from 'aws-lambda';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A proxy event's body as text. API Gateway base64-encodes a body whose type is one of the API's
 * binary media types; its bytes must be UTF-8 (JSON between systems is, RFC 8259 section 8.1).
 * Bytes that are not are refused with `notUtf8(detail)`, the calling API's own problem, rather than
 * decoded leniently into U+FFFD that would then be stored and shown where a letter was.
 */
export function proxyBodyText(
  event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>,
  notUtf8: (detail: string) => Error,
): string | undefined {
  if (event.body === null) return undefined;
  if (!event.isBase64Encoded) return event.body;
  try {
    return strictUtf8.decode(Buffer.from(event.body, 'base64'));
  } catch {
    throw notUtf8('The body is not valid UTF-8');
  }
}
