import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type PresignedRequest, verifyPresigned } from '../../local/runtime/presigned-check';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const s3 = new S3Client({
  endpoint: 'http://127.0.0.1:9000',
  region: 'us-east-1',
  credentials,
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
});
const secretFor = (id: string) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined);

/** A presigned PUT for 10 bytes of PNG, and the request that uses it as signed. */
async function signedPut(key = 'photos/a b+ü.png'): Promise<PresignedRequest> {
  const url = new URL(
    await getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket: 'uploads', Key: key, ContentType: 'image/png', ContentLength: 10 }),
      { expiresIn: 900, signableHeaders: new Set(['content-type', 'content-length']) },
    ),
  );
  return {
    method: 'PUT',
    protocol: 'http:',
    host: url.host,
    path: url.pathname,
    query: url.searchParams,
    headers: { 'content-type': 'image/png', 'content-length': '10' },
  };
}

describe('Checking a presigned S3 request as S3 does', () => {
  test('the request as it was signed passes, unicode and spaces in the key included', async () => {
    expect(await verifyPresigned(await signedPut(), secretFor)).toEqual({ ok: true });
  });

  test.each([
    ['a bigger body', { 'content-length': '11' }],
    ['another content type', { 'content-type': 'text/html' }],
  ])('%s than signed does not match the signature', async (_what, headers) => {
    const request = await signedPut();
    expect(
      await verifyPresigned({ ...request, headers: { ...request.headers, ...headers } }, secretFor),
    ).toMatchObject({
      ok: false,
      code: 'SignatureDoesNotMatch',
    });
  });

  test('another key or method does not match either', async () => {
    const request = await signedPut();
    expect((await verifyPresigned({ ...request, path: '/uploads/photos/other.png' }, secretFor)).ok).toBe(
      false,
    );
    expect((await verifyPresigned({ ...request, method: 'DELETE' }, secretFor)).ok).toBe(false);
  });

  test('after X-Amz-Expires the request has expired', async () => {
    const request = await signedPut();
    const later = new Date(Date.now() + 901_000);
    expect(await verifyPresigned(request, secretFor, later)).toEqual({
      ok: false,
      code: 'AccessDenied',
      message: 'Request has expired',
    });
  });

  test('a request that is not presigned, or signed by an unknown key, is refused', async () => {
    const request = await signedPut();
    expect(await verifyPresigned({ ...request, query: new URLSearchParams() }, secretFor)).toMatchObject({
      code: 'AccessDenied',
    });
    expect(await verifyPresigned(request, () => undefined)).toMatchObject({ code: 'AccessDenied' });
  });
});
