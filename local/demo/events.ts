import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { AwsClients } from '../runtime/aws-clients';
import type { Resources } from '../runtime/provision';

/** A subscriber row as the blog's sign-up form writes it. */
export function subscriberItem(email: string, name: string, locale = 'en-GB') {
  return {
    email: { S: email },
    name: { S: name },
    locale: { S: locale },
    consent: { BOOL: true },
    subscribedAt: { S: new Date().toISOString() },
  };
}

export async function signUp(
  clients: AwsClients,
  resources: Resources,
  email: string,
  name: string,
  locale?: string,
): Promise<void> {
  await clients.dynamodb.send(
    new PutItemCommand({
      TableName: resources.tables.subscribers,
      Item: subscriberItem(email, name, locale),
    }),
  );
}

export async function uploadPhoto(
  clients: AwsClients,
  resources: Resources,
  fileName: string,
  body: Buffer,
): Promise<string> {
  const key = `photos/${fileName}`;
  await clients.s3.send(new PutObjectCommand({ Bucket: resources.buckets.uploads, Key: key, Body: body }));
  return key;
}

/** Uploads the files of a release, then its manifest, which is what starts the workflow. */
export async function publishRelease(
  clients: AwsClients,
  resources: Resources,
  version: string,
  files: Readonly<Record<string, Buffer>>,
  channel: 'stable' | 'beta' = 'stable',
): Promise<void> {
  const bucket = resources.buckets.releases;
  for (const [name, data] of Object.entries(files))
    await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${version}/${name}`, Body: data }));
  const manifest = {
    version,
    channel,
    publishedAt: new Date().toISOString(),
    files: Object.entries(files).map(([name, data]) => ({
      name,
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    })),
  };
  await clients.s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: `${version}/manifest.json`, Body: JSON.stringify(manifest) }),
  );
}

/** Real images made on the fly: a photo with EXIF orientation, a transparent logo, an animation. */
export async function demoImages(): Promise<Record<string, Buffer>> {
  const noise = (width: number, height: number) =>
    sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } });
  const frame = (background: string) =>
    sharp({ create: { width: 240, height: 120, channels: 4, background } })
      .png()
      .toBuffer();
  return {
    'harbour.jpg': await noise(1600, 900).jpeg().withMetadata({ orientation: 6 }).toBuffer(),
    'logo.png': await sharp({
      create: { width: 600, height: 600, channels: 4, background: { r: 20, g: 120, b: 220, alpha: 0.6 } },
    })
      .png()
      .toBuffer(),
    'wave.gif': await sharp(await Promise.all([frame('#22aa55'), frame('#2255aa'), frame('#aa2255')]), {
      join: { animated: true },
    })
      .gif()
      .toBuffer(),
  };
}

/** What the blog API answered: its status and JSON body. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function postJson(apiUrl: string, path: string, body: unknown): Promise<ApiAnswer> {
  const response = await fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A sign-up through the blog's REST API, as the site's form sends it. */
export function subscribe(apiUrl: string, email: string, name: string, locale = 'en-GB'): Promise<ApiAnswer> {
  return postJson(apiUrl, '/subscribers', { email, name, locale, consent: true });
}

/** The blog API refused a request; `status` says whether trying again may help (5xx). */
export class ApiRefused extends Error {
  override readonly name = 'ApiRefused';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A photo upload as the site does it: ask the API for a presigned URL, then PUT the bytes to S3
 * with the signed type and length. Returns the key the API chose and the PUT's status.
 */
export async function uploadThroughApi(
  apiUrl: string,
  body: Buffer,
  contentType: string,
): Promise<{ photoId: string; key: string; putStatus: number }> {
  const answer = await postJson(apiUrl, '/photos', { contentType, size: body.length });
  if (answer.status !== 201)
    throw new ApiRefused(
      answer.status,
      `POST /photos answered ${answer.status}: ${JSON.stringify(answer.body)}`,
    );
  const { photoId, key, upload } = answer.body as {
    photoId: string;
    key: string;
    upload: { url: string; headers: Record<string, string> };
  };
  const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body });
  return { photoId, key, putStatus: put.status };
}
