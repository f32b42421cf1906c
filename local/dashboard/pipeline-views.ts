import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Runtime } from '../runtime/runtime';
import type { RedriveTarget } from '../runtime/redrive';
import type { QueueName } from '../../topology/types';
import type { DeadLetterQueueView, EmailView, PhotoView, ReleaseView, ThumbnailView } from './api-types';

/** The buckets whose objects the page may show (images only: never the release files). */
export const VIEWABLE_BUCKETS = ['uploads', 'thumbnails'] as const;
export type ViewableBucket = (typeof VIEWABLE_BUCKETS)[number];

const fileUrl = (bucket: ViewableBucket, key: string) =>
  `/files/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

/**
 * The pipeline's panels, read from where their data really is: moto for the outbox, the photos
 * table and buckets, the releases and the DLQs. (The workflows are the console's.)
 */
export class PipelineViews {
  constructor(private readonly runtime: Runtime) {}

  /**
   * The SES outbox: every email moto accepted from this pipeline's sender addresses, newest first.
   * SES's store is the account's, shared by every pipeline on the same moto (the tests run several).
   */
  async emails(): Promise<EmailView[]> {
    // moto's data API now and then answers 500 while another request changes its objects.
    for (let attempt = 1; ; attempt += 1) {
      const response = await fetch(`${this.runtime.endpoint}/moto-api/data.json`);
      if (response.ok) {
        const data = (await response.json()) as {
          ses?: {
            Message?: {
              id: string;
              source: string;
              destinations: { ToAddresses?: string[] };
              subject: string;
              body: string;
            }[];
          };
        };
        const senders = this.runtime.senderAddresses;
        const ours = (source: string) => senders.some((a) => source === a || source.endsWith(`<${a}>`));
        return (data.ses?.Message ?? [])
          .filter((message) => ours(message.source))
          .map((message) => ({
            id: message.id,
            from: message.source,
            to: message.destinations.ToAddresses ?? [],
            subject: message.subject,
            html: message.body,
          }))
          .reverse();
      }
      if (attempt === 10) throw new Error(`moto's data API answered ${response.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Photos recorded by the thumbnail workflow, with their thumbnails, newest first. */
  async photos(): Promise<PhotoView[]> {
    const items = await this.scan(this.runtime.resources.tables.photos);
    return items
      .map((item): PhotoView => {
        const thumbnails = JSON.parse(String(item['thumbnails'] ?? '[]')) as Omit<ThumbnailView, 'url'>[];
        const sourceKey = String(item['sourceKey'] ?? '');
        return {
          photoId: String(item['photoId']),
          status: String(item['status'] ?? ''),
          sourceKey,
          sourceUrl: fileUrl('uploads', sourceKey),
          format: String(item['format'] ?? ''),
          width: Number(item['width'] ?? 0),
          height: Number(item['height'] ?? 0),
          updatedAt: String(item['updatedAt'] ?? ''),
          thumbnails: thumbnails.map((thumbnail) => ({
            ...thumbnail,
            url: fileUrl('thumbnails', thumbnail.key),
          })),
          ...(typeof item['error'] === 'string' ? { error: item['error'] } : {}),
          ...(typeof item['cause'] === 'string' ? { cause: item['cause'] } : {}),
        };
      })
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** Releases in the distribution bucket, which one `latest.json` points at, and their audit records. */
  async releases(): Promise<ReleaseView[]> {
    const { s3 } = this.runtime.clients;
    const bucket = this.runtime.resources.buckets.distribution;
    const files = new Map<string, { key: string; size: number }[]>();
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'releases/', ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        const [, version, ...rest] = (object.Key ?? '').split('/');
        if (version === undefined || rest.length === 0) continue;
        files.set(version, [...(files.get(version) ?? []), { key: rest.join('/'), size: object.Size ?? 0 }]);
      }
      token = page.NextContinuationToken;
    } while (token !== undefined);
    let latest: string | undefined;
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'releases/latest.json' }));
      latest = (JSON.parse(await (object.Body?.transformToString() ?? '{}')) as { version?: string }).version;
    } catch {
      latest = undefined;
    }
    const audit = new Map(
      (await this.scan(this.runtime.resources.tables.releaseAudit)).map((item) => [
        String(item['version']),
        item,
      ]),
    );
    return [...files.entries()]
      .map(([version, list]): ReleaseView => {
        const record = audit.get(version);
        return {
          version,
          latest: version === latest,
          files: list,
          ...(record === undefined
            ? {}
            : {
                audit: {
                  channel: String(record['channel']),
                  totalBytes: Number(record['totalBytes']),
                  recordedAt: String(record['recordedAt']),
                },
              }),
        };
      })
      .sort((a, b) => b.version.localeCompare(a.version, undefined, { numeric: true }));
  }

  /** Every dead-letter queue: how many messages, a first look at them, and where a redrive sends them. */
  async deadLetterQueues(): Promise<DeadLetterQueueView[]> {
    const { sqs } = this.runtime.clients;
    const entries = Object.entries(this.runtime.deadLetterQueues) as [QueueName, RedriveTarget][];
    return Promise.all(
      entries.map(async ([queue, target]) => {
        const url = this.runtime.resources.queueUrls[queue];
        const attributes = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: url,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        const depth =
          Number(attributes.Attributes?.['ApproximateNumberOfMessages'] ?? 0) +
          Number(attributes.Attributes?.['ApproximateNumberOfMessagesNotVisible'] ?? 0);
        // A look that hides nothing: visibility timeout 0.
        const peek =
          depth === 0
            ? { Messages: [] }
            : await sqs.send(
                new ReceiveMessageCommand({
                  QueueUrl: url,
                  MaxNumberOfMessages: 10,
                  VisibilityTimeout: 0,
                  MessageSystemAttributeNames: ['SentTimestamp'],
                  MessageAttributeNames: ['All'],
                }),
              );
        return {
          queue,
          redrivesTo: describeTarget(target),
          depth,
          messages: (peek.Messages ?? []).map((message) => ({
            messageId: message.MessageId ?? '',
            body: message.Body ?? '',
            ...(message.Attributes?.SentTimestamp === undefined
              ? {}
              : { sentAt: new Date(Number(message.Attributes.SentTimestamp)).toISOString() }),
            attributes: Object.fromEntries(
              Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
                name,
                value.StringValue ?? '',
              ]),
            ),
          })),
        };
      }),
    );
  }

  /** An image from the uploads or thumbnails bucket, for the page to show. */
  async file(bucket: ViewableBucket, key: string): Promise<{ body: Uint8Array; contentType: string }> {
    const object = await this.runtime.clients.s3.send(
      new GetObjectCommand({ Bucket: this.runtime.resources.buckets[bucket], Key: key }),
    );
    return {
      body: await (object.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())),
      contentType: object.ContentType ?? 'application/octet-stream',
    };
  }

  private async scan(table: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, never> | undefined;
    do {
      const page = await this.runtime.clients.dynamodb.send(
        new ScanCommand({ TableName: table, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
      start = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (start !== undefined);
    return items;
  }
}

function describeTarget(target: RedriveTarget): string {
  switch (target.kind) {
    case 'queue':
      return `the ${target.queue} queue they came from`;
    case 'pipe':
      return `a new ${target.workflow} execution per batch`;
    case 'function':
      return `the ${target.fn} function`;
  }
}
