import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { checkHost, handleWith, listenOnLoopback, requestUrl } from '@myblog/local-http';
import { verifyPresigned } from './presigned-check';
import { s3CodeOf, sendS3Error } from './s3-error';

export interface UploadGate {
  /** The S3 endpoint presigned URLs are made for, locally. */
  readonly url: string;
  close(): Promise<void>;
}

const CORS = {
  // As the uploads bucket's CORS rule in infra/: a browser may PUT and GET with presigned URLs.
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, PUT, HEAD',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Expose-Headers': 'ETag',
};

/** S3's XML error, with the bucket's CORS headers so a page can read why it was refused. */
const s3Error = (response: ServerResponse, status: number, code: string, message: string) =>
  sendS3Error(response, status, code, message, CORS);

/**
 * S3's front door for presigned URLs, played locally: moto does not check signatures, so this
 * checks each presigned request as S3 would (expiry, and a signature over the method, path,
 * Content-Type and Content-Length), then passes it to moto unchanged. Anything else is refused.
 */
export async function startUploadGate(options: {
  readonly motoEndpoint: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly port?: number;
}): Promise<UploadGate> {
  const moto = new URL(options.motoEndpoint);
  const secretFor = (accessKeyId: string) =>
    accessKeyId === options.credentials.accessKeyId ? options.credentials.secretAccessKey : undefined;

  const forward = (incoming: IncomingMessage, response: ServerResponse, path: string) => {
    const headers = { ...incoming.headers, host: moto.host };
    const outgoing = httpRequest(
      { hostname: moto.hostname, port: moto.port, method: incoming.method, path, headers },
      (answer) => {
        // The CORS answer is the bucket rule's (as S3 gives it), not moto's own.
        const headers = Object.fromEntries(
          Object.entries(answer.headers).filter(([name]) => !name.startsWith('access-control-')),
        );
        response.writeHead(answer.statusCode ?? 502, { ...headers, ...CORS });
        answer.pipe(response);
      },
    );
    outgoing.on('error', (error) => s3Error(response, 502, 'ServiceUnavailable', error.message));
    incoming.pipe(outgoing);
  };

  // Cross-origin requests are what this gate is for (a page PUTs the file it was given a URL for),
  // and the presigned signature is the token: a page without one gets 403 like anyone else. The
  // Host is checked too (it is part of what S3 signs, so a rebinding page could not sign one anyway).
  const server = createServer(
    handleWith(
      async (incoming, response) => {
        checkHost(incoming);
        const url = requestUrl(incoming);
        if (incoming.method === 'OPTIONS') {
          response.writeHead(204, { ...CORS, 'Access-Control-Max-Age': '600' });
          response.end();
          return;
        }
        const headers = Object.fromEntries(
          Object.entries(incoming.headers).map(([name, value]) => [
            name,
            Array.isArray(value) ? value.join(',') : value,
          ]),
        );
        const verdict = await verifyPresigned(
          {
            method: incoming.method ?? 'GET',
            protocol: 'http:',
            host: incoming.headers.host ?? '',
            path: url.pathname,
            query: url.searchParams,
            headers,
          },
          secretFor,
        );
        if (!verdict.ok) {
          // Drain what the client sends so it reads the answer rather than a reset connection.
          incoming.resume();
          s3Error(response, 403, verdict.code, verdict.message);
          return;
        }
        forward(incoming, response, incoming.url ?? '/');
      },
      (error, _incoming, response) => s3Error(response, error.status, s3CodeOf(error), error.message),
    ),
  );
  return listenOnLoopback(server, { port: options.port ?? 0 });
}
