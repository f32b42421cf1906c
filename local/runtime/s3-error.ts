import type { ServerResponse } from 'node:http';
import { BadRequest, type HttpError, MisdirectedRequest, PayloadTooLarge } from '@myblog/local-http';

/** Writes an error as S3 does: XML with its Code and Message. */
export function sendS3Error(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  // An answer already under way (moto failing mid-stream) can only be cut off.
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { ...headers, 'Content-Type': 'application/xml' });
  response.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message.replace(/[<&>]/g, '')}</Message></Error>`,
  );
}

/**
 * The S3 error code for a refusal of the shared HTTP layer, the same at both local S3 fronts (the
 * upload gate, the storage gate): S3's InvalidURI for a URL it cannot parse, EntityTooLarge for a
 * body over a limit; a wrong Host has no S3 code (S3 serves any of its names), so it keeps ours.
 */
export function s3CodeOf(error: HttpError): string {
  if (error instanceof MisdirectedRequest) return 'MisdirectedRequest';
  if (error instanceof BadRequest) return 'InvalidURI';
  if (error instanceof PayloadTooLarge) return 'EntityTooLarge';
  return error.status >= 500 ? 'InternalError' : 'InvalidRequest';
}
