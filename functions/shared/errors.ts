/**
 * Errors a function throws on purpose. Each class's `name` is the ASL error name that Step
 * Functions sees (a Lambda's errorType), so workflows can Retry or Catch it by that name.
 */

export abstract class PipelineError extends Error {
  abstract override readonly name: string;
  /** Whether trying again later may succeed; decides Retry in the workflows. */
  abstract readonly transient: boolean;
}

const define = (errorName: string, transient: boolean) =>
  class extends PipelineError {
    override readonly name = errorName;
    readonly transient = transient;
  };

/** A subscriber record we may not email: bad address, name, locale or no consent. */
export class InvalidSubscriber extends define('InvalidSubscriber', false) {}
/** An event whose shape is not what its source sends. */
export class MalformedEvent extends define('MalformedEvent', false) {}
/** Bytes that are not an image in a format the blog publishes (the name does not matter). */
export class UnsupportedImageType extends define('UnsupportedImageType', false) {}
/** An image over the byte or pixel limits: a decompression bomb ends here. */
export class ImageTooLarge extends define('ImageTooLarge', false) {}
/**
 * An image whose shape no thumbnail can hold: so narrow for its height (1x60000) that a thumbnail
 * scaled to a width would be taller than the WebP format allows. Not large, not corrupt.
 */
export class UnsupportedImageDimensions extends define('UnsupportedImageDimensions', false) {}
/** An image whose header reads but whose pixels do not (truncated, damaged). */
export class CorruptImage extends define('CorruptImage', false) {}
/** A release manifest that is not valid JSON or breaks the manifest schema. */
export class InvalidManifest extends define('InvalidManifest', false) {}
/**
 * A manifest whose folder is not named after the version it declares (`3.0.8/manifest.json`
 * saying 99.0.0): the uploader meant one release and wrote another, so neither is published.
 */
export class ManifestVersionMismatch extends define('ManifestVersionMismatch', false) {}
/** No manifest at the notified location. */
export class ManifestNotFound extends define('ManifestNotFound', false) {}
/** A release file whose SHA-256 or size differs from the manifest. */
export class ChecksumMismatch extends define('ChecksumMismatch', false) {}
/** A file listed in the manifest that is not in the releases bucket. */
export class MissingReleaseFile extends define('MissingReleaseFile', false) {}
/** SES refused for rate: back off and try again. */
export class EmailThrottled extends define('EmailThrottled', true) {}
/** SES failed on its side: try again. */
export class EmailServiceUnavailable extends define('EmailServiceUnavailable', true) {}
/** SES refused the message itself (e.g. an unverified sender): retrying will not help. */
export class EmailRejected extends define('EmailRejected', false) {}
/**
 * latest.json changed between reading and replacing it, attempt after attempt: other releases are
 * moving it at the same moment. Trying again later settles it.
 */
export class LatestReleaseContended extends define('LatestReleaseContended', true) {}
/** S3 or DynamoDB throttled or failed on its side: try again. */
export class TransientStorageError extends define('TransientStorageError', true) {}
/** The function's environment is missing or wrong: a deployment mistake, found at cold start. */
export class ConfigurationError extends define('ConfigurationError', false) {}
/**
 * A release is to be put on the update server's volume, but this function has none mounted
 * (UPDATES_VOLUME_PATH unset): the topology's releaseOrigin and the deployment disagree.
 */
export class UpdatesVolumeNotMounted extends define('UpdatesVolumeNotMounted', false) {}
