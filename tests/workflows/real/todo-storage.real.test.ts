import { randomBytes } from 'node:crypto';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { signIn, type SignedInClient } from '../../../local/runtime/todo/users';
import { startTodo, type TodoUnderTest } from './todo-local';

let todo: TodoUnderTest;
let ana: SignedInClient;
let bo: SignedInClient;
beforeAll(async () => {
  todo = await startTodo();
  const tag = randomBytes(3).toString('hex');
  [ana, bo] = await Promise.all([
    signIn(todo.backend.signInTarget, `ana-${tag}@example.com`, 'Correct-horse-1', true),
    signIn(todo.backend.signInTarget, `bo-${tag}@example.com`, 'Battery-staple-2', true),
  ]);
}, 60_000);
afterAll(() => todo?.stop());

const bucket = () => todo.backend.resources.buckets.attachments;
/** S3 as the mobile app reaches it: with the identity pool's credentials for this user. */
const s3As = (
  user: SignedInClient,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = user.credentials,
) =>
  new S3Client({
    endpoint: todo.backend.storageUrl,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    maxAttempts: 1,
  });
const folder = (user: SignedInClient) => `private/${user.identityId}/`;

/** The S3 error code a call failed with, or 'ok'. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    return (error as Error).name;
  }
}

test('each user gets an identity of their own, the same at every sign-in, and credentials of their own', async () => {
  const again = await signIn(todo.backend.signInTarget, ana.email, 'Correct-horse-1');

  expect(again.identityId).toBe(ana.identityId);
  expect(ana.identityId).not.toBe(bo.identityId);
  expect(ana.identityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
  expect(ana.credentials.accessKeyId).not.toBe(bo.credentials.accessKeyId);
  // The credentials are STS's, for the identity pool's authenticated role.
  const caller = await new STSClient({
    endpoint: process.env['MOTO_ENDPOINT'],
    region: 'us-east-1',
    credentials: ana.credentials,
  }).send(new GetCallerIdentityCommand({}));
  expect(caller.Arn).toContain(`assumed-role/${todo.backend.resources.prefix}-authenticated/`);
});

test('a user reads and writes objects in their own folder, and lists it', async () => {
  const s3 = s3As(ana);
  const key = `${folder(ana)}todo-1/receipt.txt`;

  await s3.send(
    new PutObjectCommand({ Bucket: bucket(), Key: key, Body: 'paid', ContentType: 'text/plain' }),
  );
  const read = await s3.send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: folder(ana) }));

  expect(await read.Body?.transformToString()).toBe('paid');
  expect(listed.Contents?.map((object) => object.Key)).toEqual([key]);
});

test("user A can neither read, write, nor list user B's folder", async () => {
  const bosKey = `${folder(bo)}todo-9/secret.txt`;
  await s3As(bo).send(new PutObjectCommand({ Bucket: bucket(), Key: bosKey, Body: 'Bo only' }));
  const s3 = s3As(ana);

  expect(await outcome(s3.send(new GetObjectCommand({ Bucket: bucket(), Key: bosKey })))).toBe(
    'AccessDenied',
  );
  expect(
    await outcome(
      s3.send(new PutObjectCommand({ Bucket: bucket(), Key: `${folder(bo)}todo-9/planted.txt`, Body: 'x' })),
    ),
  ).toBe('AccessDenied');
  expect(
    await outcome(s3.send(new PutObjectCommand({ Bucket: bucket(), Key: bosKey, Body: 'overwritten' }))),
  ).toBe('AccessDenied');
  expect(await outcome(s3.send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: folder(bo) })))).toBe(
    'AccessDenied',
  );
  // B's object is as B wrote it.
  const kept = await s3As(bo).send(new GetObjectCommand({ Bucket: bucket(), Key: bosKey }));
  expect(await kept.Body?.transformToString()).toBe('Bo only');
});

test('outside private/<identity>/ a user may do nothing: not the bucket root, not a listing of everything, not its policy', async () => {
  const s3 = s3As(ana);

  expect(
    await outcome(s3.send(new PutObjectCommand({ Bucket: bucket(), Key: 'public/x.txt', Body: 'x' }))),
  ).toBe('AccessDenied');
  expect(await outcome(s3.send(new ListObjectsV2Command({ Bucket: bucket() })))).toBe('AccessDenied');
  expect(
    await outcome(
      s3.send(
        new PutBucketPolicyCommand({ Bucket: bucket(), Policy: '{"Version":"2012-10-17","Statement":[]}' }),
      ),
    ),
  ).toBe('AccessDenied');
});

test('credentials the identity pool never issued, or signed with the wrong secret, are refused', async () => {
  const made = s3As(ana, {
    ...ana.credentials,
    accessKeyId: `ASIA${'FORGED'.padEnd(16, '0')}` /* shaped like STS's, issued by nobody */,
  });
  const wrongSecret = s3As(ana, { ...ana.credentials, secretAccessKey: 'not-the-secret' });
  const noToken = s3As(ana, {
    accessKeyId: ana.credentials.accessKeyId,
    secretAccessKey: ana.credentials.secretAccessKey,
  });
  const key = `${folder(ana)}x.txt`;

  expect(await outcome(made.send(new GetObjectCommand({ Bucket: bucket(), Key: key })))).toBe(
    'InvalidAccessKeyId',
  );
  expect(await outcome(wrongSecret.send(new GetObjectCommand({ Bucket: bucket(), Key: key })))).toBe(
    'SignatureDoesNotMatch',
  );
  expect(await outcome(noToken.send(new GetObjectCommand({ Bucket: bucket(), Key: key })))).toBe(
    'InvalidToken',
  );
});
