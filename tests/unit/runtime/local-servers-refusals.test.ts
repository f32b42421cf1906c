import { request } from 'node:http';
import type { Listening } from '@myblog/local-http';
import {
  CredentialRegistry,
  LocalIdentityPool,
  startLocalIdentityPool,
} from '../../../local/runtime/todo/identity-pool';
import { startDaxCache } from '../../../local/runtime/todo/dax-cache';
import { startStorageGate } from '../../../local/runtime/todo/storage-gate';
import { startUploadGate } from '../../../local/runtime/upload-gate';
import { stopAll } from '../../support/stop-all';

// Refusals the dev runtime's servers answer before reaching moto (nothing listens at the moto
// address given), each in its own service's wire shape, from the shared HTTP layer.

const NO_MOTO = 'http://127.0.0.1:9';
let pool: LocalIdentityPool;
let identity: Listening;
let storage: Listening;
let upload: Awaited<ReturnType<typeof startUploadGate>>;
let dax: Listening;

beforeAll(async () => {
  pool = new LocalIdentityPool({
    identityPoolId: 'us-east-1:pool',
    region: 'us-east-1',
    providerName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_pool',
    userPoolClientId: 'client',
    keys: [],
    authenticatedRoleArn: 'arn:aws:iam::123456789012:role/authenticated',
    stsEndpoint: NO_MOTO,
    registry: new CredentialRegistry(),
  });
  identity = await startLocalIdentityPool(pool);
  storage = await startStorageGate({ motoEndpoint: NO_MOTO, principalFor: () => undefined });
  upload = await startUploadGate({
    motoEndpoint: NO_MOTO,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  dax = await startDaxCache(NO_MOTO, { itemTtlSeconds: 1, queryTtlSeconds: 1 });
});
afterAll(() =>
  stopAll(
    () => identity?.close(),
    () => pool?.close(),
    () => storage?.close(),
    () => upload?.close(),
    () => dax?.close(),
  ),
);

function send(
  base: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer },
) {
  const url = new URL(base);
  return new Promise<{ status: number; type: string; text: string }>((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: options.headers ?? {},
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            type: String(incoming.headers['content-type']),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

test('the identity pool refuses a body over 64 KiB with 413 RequestEntityTooLargeException', async () => {
  const answer = await send(identity.url, {
    method: 'POST',
    headers: { 'X-Amz-Target': 'AWSCognitoIdentityService.GetId' },
    body: Buffer.alloc(64 * 1024 + 1, 0x20),
  });
  expect(answer.status).toBe(413);
  expect(answer.type).toBe('application/x-amz-json-1.1');
  expect(JSON.parse(answer.text)).toMatchObject({ __type: 'RequestEntityTooLargeException' });
});

test('the identity pool answers a target naming an inherited member as an unknown operation', async () => {
  const answer = await send(identity.url, {
    method: 'POST',
    headers: { 'X-Amz-Target': 'AWSCognitoIdentityService.constructor' },
    body: Buffer.from('{}'),
  });
  expect(answer.status).toBe(400);
  expect(JSON.parse(answer.text)).toMatchObject({ __type: 'UnknownOperationException' });
});

test.each([
  ['the storage gate', () => storage.url],
  ['the upload gate', () => upload.url],
])('%s answers a request target that is no URL with S3’s 400 InvalidURI', async (_what, base) => {
  const answer = await send(base(), { path: 'http://[bad/', headers: { Host: new URL(base()).host } });
  expect(answer.status).toBe(400);
  expect(answer.type).toBe('application/xml');
  expect(answer.text).toContain('<Code>InvalidURI</Code>');
});

test('the DAX cache answers a foreign Host with a 421 in DynamoDB’s error shape', async () => {
  const answer = await send(dax.url, {
    method: 'POST',
    headers: { Host: 'evil.example' },
    body: Buffer.from('{}'),
  });
  expect(answer.status).toBe(421);
  expect(answer.type).toBe('application/x-amz-json-1.0');
  expect(JSON.parse(answer.text)).toMatchObject({ __type: 'MisdirectedRequest' });
});
