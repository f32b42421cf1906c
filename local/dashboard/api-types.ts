/**
 * What the dashboard's own JSON API answers (the pipeline's panels; the workflows are the
 * console's, read through the Step Functions API); the page reads the same types. Type-only on
 * both sides, so the browser bundle takes nothing from Node here.
 */

export interface EmailView {
  readonly id: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
}

export interface ThumbnailView {
  readonly key: string;
  readonly url: string;
  readonly width: number;
  readonly height: number;
  readonly format: string;
  readonly bytes: number;
}

export interface PhotoView {
  readonly photoId: string;
  readonly status: string;
  readonly sourceKey: string;
  readonly sourceUrl: string;
  readonly format: string;
  readonly width: number;
  readonly height: number;
  readonly updatedAt: string;
  readonly thumbnails: readonly ThumbnailView[];
  /** Why the workflow could not make thumbnails of it (status FAILED). */
  readonly error?: string;
  readonly cause?: string;
}

export interface ReleaseFileView {
  readonly key: string;
  readonly size: number;
}

export interface ReleaseView {
  readonly version: string;
  readonly latest: boolean;
  readonly files: readonly ReleaseFileView[];
  /** What the release-audit function recorded from the Kinesis stream. */
  readonly audit?: { readonly channel: string; readonly totalBytes: number; readonly recordedAt: string };
}

export interface DeadLetterMessageView {
  readonly messageId: string;
  readonly body: string;
  readonly sentAt?: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface DeadLetterQueueView {
  /** The topology's name for it, e.g. `thumbnailJobsDlq`. */
  readonly queue: string;
  /** Where a redrive sends its messages, in words. */
  readonly redrivesTo: string;
  readonly depth: number;
  /** A first look at what is in it (up to 10 messages). */
  readonly messages: readonly DeadLetterMessageView[];
}

export interface RedriveView {
  readonly queue: string;
  readonly moved: number;
  readonly kept: number;
}

/** What the page needs to know about the running pipeline. */
export interface DashboardConfig {
  /** The blog API the Try it tab sends to. */
  readonly apiUrl: string;
}
