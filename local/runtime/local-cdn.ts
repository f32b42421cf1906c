import { createServer } from 'node:http';
import type { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { listenOnLoopback } from './listen';

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
  const server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' });
      response.end();
      return;
    }
    const key = decodeURIComponent(new URL(request.url ?? '/', 'http://cdn').pathname.slice(1));
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
