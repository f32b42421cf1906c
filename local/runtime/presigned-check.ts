import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';

/** The SHA-256 the SigV4 signer asks for, on Node's crypto. */
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

export interface PresignedRequest {
  readonly method: string;
  readonly protocol: 'http:' | 'https:';
  /** The Host header as the client sent it (host:port). */
  readonly host: string;
  /** The path as received, still percent-encoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
}

export type PresignedVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'AccessDenied' | 'SignatureDoesNotMatch'; readonly message: string };

const refuse = (code: 'AccessDenied' | 'SignatureDoesNotMatch', message: string): PresignedVerdict => ({
  ok: false,
  code,
  message,
});

function amzDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}

/**
 * What S3 checks on a presigned (SigV4 query) request: not expired, and the signature matches
 * the request as it arrived — so a PUT whose Content-Length or Content-Type differs from the
 * signed ones is refused, as S3 refuses it. The signature is computed again with the same
 * signer the SDK presigns with.
 */
export async function verifyPresigned(
  request: PresignedRequest,
  secretFor: (accessKeyId: string) => string | undefined,
  now: Date = new Date(),
): Promise<PresignedVerdict> {
  const q = (name: string) => request.query.get(name) ?? undefined;
  const signature = q('X-Amz-Signature');
  const credential = q('X-Amz-Credential');
  const date = amzDate(q('X-Amz-Date') ?? '');
  const expires = Number(q('X-Amz-Expires'));
  const signedHeaders = q('X-Amz-SignedHeaders')?.split(';');
  if (
    signature === undefined ||
    credential === undefined ||
    date === undefined ||
    signedHeaders === undefined
  )
    return refuse('AccessDenied', 'Only presigned requests are accepted here');
  if (q('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256')
    return refuse('AccessDenied', 'Only AWS4-HMAC-SHA256 signatures are supported');
  if (!Number.isInteger(expires) || expires < 1 || expires > 604_800)
    return refuse('AccessDenied', 'X-Amz-Expires must be between 1 and 604800 seconds');
  if (now.getTime() > date.getTime() + expires * 1000) return refuse('AccessDenied', 'Request has expired');
  const [accessKeyId, , region, service] = credential.split('/');
  const secretAccessKey = accessKeyId === undefined ? undefined : secretFor(accessKeyId);
  if (accessKeyId === undefined || secretAccessKey === undefined || region === undefined || service !== 's3')
    return refuse('AccessDenied', 'The access key in the credential scope is not known');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = name === 'host' ? request.host : request.headers[name];
    // A signed header the request does not carry cannot match what was signed.
    if (value === undefined) return refuse('SignatureDoesNotMatch', `The signed header ${name} is missing`);
    headers[name] = value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of request.query) if (!name.startsWith('X-Amz-')) query[name] = value;
  const [hostname, port] = request.host.split(':');
  const presigner = new S3RequestPresigner({
    credentials: { accessKeyId, secretAccessKey },
    region,
    sha256: Sha256,
  });
  const expected = await presigner.presign(
    {
      method: request.method,
      protocol: request.protocol,
      hostname: hostname ?? '',
      ...(port === undefined ? {} : { port: Number(port) }),
      path: request.path,
      query,
      headers,
    },
    { signingDate: date, expiresIn: expires, signableHeaders: new Set(signedHeaders) },
  );
  return expected.query?.['X-Amz-Signature'] === signature
    ? { ok: true }
    : refuse(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided (method, path, Content-Type and Content-Length are signed)',
      );
}
