import { createServer } from 'node:http';
import type { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { listenOnLoopback } from './listen';
import { decodeUrlPart, isRefusal, misdirected, requestUrl } from './request-guard';

export interface LocalCdn {
  /** Plays the CloudFront distribution's https address: release downloads come from here. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The release CloudFront distribution, played locally: the distribution bucket stays private
 * (as with Origin Access Control in AWS) and this serves GETs of its objects, Range included,
 * with the Cache-Control each object was written with.
 */
export async function startLocalCdn(s3: S3Client, bucket: string, port = 0): Promise<LocalCdn> {
  // Read-only (GET and HEAD) and public, as the distribution is: nothing a page could forge. The
  // Host is checked all the same, and a malformed URL is the client's 400, not an exception.
  const server = createServer((request, response) => {
    const refuse = (status: number, message: string) => {
      request.resume();
      response.writeHead(status, { 'Content-Type': 'text/plain' });
      response.end(`${message}\n`);
    };
    const wrongHost = misdirected(request);
    if (wrongHost !== undefined) return refuse(wrongHost.status, wrongHost.message);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' });
      response.end();
      return;
    }
    const url = requestUrl(request);
    if (isRefusal(url)) return refuse(url.status, url.message);
    const key = decodeUrlPart(url.pathname.slice(1));
    if (key === undefined)
      return refuse(400, `${url.pathname} is not valid URL encoding (a malformed % escape)`);
    s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(request.headers.range === undefined ? {} : { Range: request.headers.range }),
      }),
    ).then(
      (object) => {
        response.writeHead(object.ContentRange === undefined ? 200 : 206, {
          'Content-Type': object.ContentType ?? 'application/octet-stream',
          ...(object.ContentLength === undefined ? {} : { 'Content-Length': String(object.ContentLength) }),
          ...(object.ContentRange === undefined ? {} : { 'Content-Range': object.ContentRange }),
          ...(object.CacheControl === undefined ? {} : { 'Cache-Control': object.CacheControl }),
          ...(object.ETag === undefined ? {} : { ETag: object.ETag }),
          'Accept-Ranges': 'bytes',
          'Access-Control-Allow-Origin': '*',
        });
        if (request.method === 'HEAD') {
          (object.Body as Readable | undefined)?.destroy();
          response.end();
          return;
        }
        (object.Body as Readable).pipe(response);
      },
      (error: unknown) => {
        const status =
          (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 502;
        response.writeHead(status === 404 || status === 403 ? 404 : status, { 'Content-Type': 'text/plain' });
        response.end(
          status === 404 || status === 403
            ? `Not found: ${key}\n`
            : `Origin error: ${(error as Error).name}\n`,
        );
      },
    );
  });
  return listenOnLoopback(server, port);
}
