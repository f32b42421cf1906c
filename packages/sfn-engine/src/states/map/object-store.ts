import type { JsonObject } from '@myblog/asl';

/**
 * The S3 operations a distributed Map needs (its ItemReader reads, its ResultWriter writes); the
 * server plugs in a real S3 client.
 */
export interface ObjectStore {
  getObjectText(bucket: string, key: string): Promise<string>;
  listObjects(bucket: string, prefix: string | undefined): Promise<JsonObject[]>;
  putObjectText(bucket: string, key: string, body: string): Promise<void>;
}
