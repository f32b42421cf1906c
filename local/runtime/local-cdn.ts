import { createServer } from 'node:http';
import type { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { checkHost, handleWith, listenOnLoopback, requestUrl, Router, sendText } from '@myblog/local-http';

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
  // Read-only (GET, and HEAD through it) and public, as the distribution is: nothing a page could
  // forge. The Host is checked all the same, and a malformed URL is the client's 400.
  const routes = new Router<'object'>().add('GET', '/{key+}', 'object');
  const server = createServer(
    handleWith(
      async (request, response) => {
        checkHost(request);
        const { params } = routes.match(request.method ?? 'GET', requestUrl(request).pathname);
        const key = params['key'] as string;
        let object;
        try {
          object = await s3.send(
            new GetObjectCommand({
              Bucket: bucket,
              Key: key,
              ...(request.headers.range === undefined ? {} : { Range: request.headers.range }),
            }),
          );
        } catch (error) {
          const status =
            (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 502;
          return status === 404 || status === 403
            ? sendText(response, 404, `Not found: ${key}`)
            : sendText(response, status, `Origin error: ${(error as Error).name}`);
        }
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
      (error, _request, response) => sendText(response, error.status, error.message, error.headers),
    ),
  );
  return listenOnLoopback(server, { port });
}
