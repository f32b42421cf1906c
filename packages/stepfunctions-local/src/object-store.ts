import type { JsonObject } from '@myblog/asl';
import type { ObjectStore } from '@myblog/sfn-engine';
import type { SdkClients } from './integrations/sdk-clients';
import { fromSdkOutput } from './integrations/sdk-values';

/** Distributed Map's S3 access through the configured S3 endpoint. */
export class S3ObjectStore implements ObjectStore {
  constructor(private readonly clients: SdkClients) {}

  async getObjectText(bucket: string, key: string): Promise<string> {
    const output = await this.clients.send(
      's3',
      'getObject',
      { Bucket: bucket, Key: key },
      new AbortController().signal,
    );
    return String(await fromSdkOutput(output['Body']));
  }

  async listObjects(bucket: string, prefix: string | undefined): Promise<JsonObject[]> {
    const items: JsonObject[] = [];
    let token: string | undefined;
    do {
      const output = await this.clients.send(
        's3',
        'listObjectsV2',
        { Bucket: bucket, Prefix: prefix, ContinuationToken: token },
        new AbortController().signal,
      );
      const contents = (await fromSdkOutput(output['Contents'] ?? [])) as JsonObject[];
      for (const item of contents) {
        items.push({
          Etag: item['ETag'] ?? null,
          Key: item['Key'] ?? null,
          LastModified: item['LastModified'] ?? null,
          Size: item['Size'] ?? 0,
          StorageClass: item['StorageClass'] ?? 'STANDARD',
        });
      }
      token =
        typeof output['NextContinuationToken'] === 'string' ? output['NextContinuationToken'] : undefined;
    } while (token !== undefined);
    return items;
  }

  async putObjectText(bucket: string, key: string, body: string): Promise<void> {
    await this.clients.send(
      's3',
      'putObject',
      { Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' },
      new AbortController().signal,
    );
  }
}
