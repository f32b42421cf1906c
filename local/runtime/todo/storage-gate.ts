import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { PolicyStatementJson } from '../../../topology/todo';
import { checkHost, handleWith, type Listening, listenOnLoopback, requestUrl } from '@myblog/local-http';
import { verifyPresigned } from '../presigned-check';
import { s3CodeOf, sendS3Error } from '../s3-error';
import { isAllowed } from './iam-policy';
import { s3Authorization } from './s3-request-action';

/** SHA-256 for the SigV4 signer, on Node's crypto. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash =
      secret === undefined
        ? createHash('sha256')
        : createHmac('sha256', typeof secret === 'string' ? secret : Buffer.from(secret as Uint8Array));
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** Who signed a request, and the identity-based policy S3 evaluates for them. */
export interface Principal {
  readonly secretAccessKey: string;
  /** Session credentials must send their token, and the one they were issued with. */
  readonly sessionToken?: string;
  readonly statements: readonly PolicyStatementJson[];
}

export type Verdict =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string };

const refuse = (code: string, message: string, status = 403): Verdict => ({
  ok: false,
  status,
  code,
  message,
});

/** S3 refuses a request signed more than 15 minutes away from its own clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;

interface SignedRequest {
  readonly method: string;
  readonly host: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** A request signed in its Authorization header (SigV4), checked as S3 checks it. */
export async function verifyHeaderSigned(
  request: SignedRequest,
  principalFor: (accessKeyId: string) => Principal | undefined,
  now = new Date(),
): Promise<Verdict> {
  const authorization = request.headers['authorization'] ?? '';
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (match === null) return refuse('AccessDenied', 'Requests must be signed with AWS Signature Version 4');
  const [, accessKeyId = '', , region = '', signedList = '', signature] = match;
  const principal = principalFor(accessKeyId);
  if (principal === undefined)
    return refuse('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  if ((principal.sessionToken ?? undefined) !== (request.headers['x-amz-security-token'] ?? undefined))
    return refuse('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400);
  const amzDate = request.headers['x-amz-date'] ?? '';
  const dated = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (dated === null) return refuse('AccessDenied', 'X-Amz-Date is missing or malformed');
  const signingDate = new Date(`${dated[1]}-${dated[2]}-${dated[3]}T${dated[4]}:${dated[5]}:${dated[6]}Z`);
  if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS)
    return refuse(
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
    );
  const signedHeaders = signedList.split(';');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = name === 'host' ? request.host : request.headers[name];
    if (value === undefined) return refuse('SignatureDoesNotMatch', `The signed header ${name} is missing`);
    headers[name] = value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of request.query) query[name] = value;
  const [hostname = '', port] = request.host.split(':');
  const signer = new SignatureV4({
    credentials: {
      accessKeyId,
      secretAccessKey: principal.secretAccessKey,
      ...(principal.sessionToken === undefined ? {} : { sessionToken: principal.sessionToken }),
    },
    region,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname,
      ...(port === undefined ? {} : { port: Number(port) }),
      path: request.path,
      query,
      headers,
    },
    { signingDate, signableHeaders: new Set(signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers['authorization']))?.[1];
  return expected === signature
    ? { ok: true, principal }
    : refuse(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
}

const s3Error = (response: ServerResponse, status: number, code: string, message: string) =>
  sendS3Error(response, status, code, message, { 'Access-Control-Allow-Origin': '*' });

/**
 * S3 in front of moto for MyTodoList's attachments, enforcing what IAM enforces in AWS: each
 * request must be signed (in its header, or a presigned URL) with credentials the local identity
 * pool issued or the API function's, and the signer's policy must allow its action on its key:
 * for a user, `private/<their identity id>/` only. moto checks neither signatures nor policies.
 */
export async function startStorageGate(options: {
  readonly motoEndpoint: string;
  readonly principalFor: (accessKeyId: string) => Principal | undefined;
  readonly port?: number;
}): Promise<Listening> {
  const moto = new URL(options.motoEndpoint);
  const forward = (incoming: IncomingMessage, response: ServerResponse) => {
    const outgoing = httpRequest(
      {
        hostname: moto.hostname,
        port: moto.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: moto.host },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, {
          ...answer.headers,
          'access-control-allow-origin': '*',
        });
        answer.pipe(response);
      },
    );
    outgoing.on('error', (error) => s3Error(response, 502, 'ServiceUnavailable', error.message));
    incoming.pipe(outgoing);
  };
  const server = createServer(
    handleWith(
      async (incoming, response) => {
        checkHost(incoming);
        const url = requestUrl(incoming);
        const headers = Object.fromEntries(
          Object.entries(incoming.headers).map(([name, value]) => [
            name,
            Array.isArray(value) ? value.join(',') : value,
          ]),
        );
        const method = incoming.method ?? 'GET';
        const path = (incoming.url ?? '/').split('?')[0] ?? '/';
        const signed = { method, host: incoming.headers.host ?? '', path, query: url.searchParams, headers };
        const checked: Verdict = url.searchParams.has('X-Amz-Signature')
          ? await verifyPresigned(
              { ...signed, protocol: 'http:' },
              (key) => options.principalFor(key)?.secretAccessKey,
            ).then((presigned) => {
              const principal = options.principalFor(
                /^([^/]+)/.exec(url.searchParams.get('X-Amz-Credential') ?? '')?.[1] ?? '',
              );
              return presigned.ok && principal !== undefined
                ? { ok: true as const, principal }
                : refuse(
                    presigned.ok ? 'AccessDenied' : presigned.code,
                    presigned.ok ? 'Unknown signer' : presigned.message,
                  );
            })
          : await verifyHeaderSigned(signed, options.principalFor);
        if (!checked.ok) {
          incoming.resume();
          return s3Error(response, checked.status, checked.code, checked.message);
        }
        const wanted = s3Authorization(method, path, url.searchParams);
        if (!isAllowed(checked.principal.statements, wanted)) {
          incoming.resume();
          return s3Error(
            response,
            403,
            'AccessDenied',
            `Access Denied: not authorized to perform ${wanted.action} on ${wanted.resource}`,
          );
        }
        forward(incoming, response);
      },
      (error, _incoming, response) => s3Error(response, error.status, s3CodeOf(error), error.message),
    ),
  );
  return listenOnLoopback(server, { port: options.port ?? 0 });
}
