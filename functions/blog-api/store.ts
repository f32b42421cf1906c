import type { ReleaseManifest } from '../shared/manifest';
import type { SubscribeRequest } from './schemas';

/** A row of the photos table: the API's reservation, then what the thumbnail workflow recorded. */
export interface PhotoRecord {
  readonly photoId: string;
  /** AWAITING_UPLOAD (the API reserved it), then DONE or FAILED (the workflow). */
  readonly status: string;
  readonly key: string;
  readonly width?: number;
  readonly height?: number;
  readonly format?: string;
  readonly thumbnails: readonly {
    key: string;
    width: number;
    height: number;
    format: string;
    bytes: number;
  }[];
  readonly error?: string;
  readonly updatedAt: string;
}

/** What the API reads and writes, behind one interface so its logic is tested without AWS. */
export interface BlogStore {
  /** Adds the subscriber unless the address is already there. */
  addSubscriber(subscriber: SubscribeRequest, at: Date): Promise<'added' | 'exists'>;
  /** Records that an upload under `key` was handed out. */
  reservePhoto(
    photo: { photoId: string; key: string; contentType: string; size: number },
    at: Date,
  ): Promise<void>;
  /** A presigned PUT URL whose signature covers the content type and length. */
  presignUpload(key: string, contentType: string, size: number, expiresSeconds: number): Promise<string>;
  photo(photoId: string): Promise<PhotoRecord | undefined>;
  /** Whether the uploads bucket holds the object (the upload was made). */
  uploaded(key: string): Promise<boolean>;
  /** A URL the client can fetch a thumbnail from. */
  thumbnailUrl(key: string): Promise<string>;
  /** A release manifest from the distribution bucket, or undefined. */
  release(key: string): Promise<ReleaseManifest | undefined>;
}
