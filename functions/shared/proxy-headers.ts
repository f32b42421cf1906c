import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * A proxy event's headers by lower-case name: API Gateway passes them as the client wrote them,
 * and HTTP header names are case-insensitive.
 */
export function lowerCaseHeaders(
  headers: APIGatewayProxyEvent['headers'],
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
}
