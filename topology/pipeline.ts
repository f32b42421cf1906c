import type { FunctionSpec, ResourceRef, Topology } from './types';
import { UPDATE_ORIGIN } from './update-origin';

/**
 * The MyBlog.com event pipeline: every resource, which event starts which workflow, and which
 * function serves which task. Read by infra/ (CDK) and local/runtime (moto), nothing else decides.
 */

const table = (name: Extract<ResourceRef, { kind: 'tableName' }>['table']): ResourceRef => ({
  kind: 'tableName',
  table: name,
});
const bucket = (name: Extract<ResourceRef, { kind: 'bucketName' }>['bucket']): ResourceRef => ({
  kind: 'bucketName',
  bucket: name,
});
const topic = (name: Extract<ResourceRef, { kind: 'topicArn' }>['topic']): ResourceRef => ({
  kind: 'topicArn',
  topic: name,
});
const fn = (name: Extract<ResourceRef, { kind: 'functionArn' }>['fn']): ResourceRef => ({
  kind: 'functionArn',
  fn: name,
});
const setting = (value: string): ResourceRef => ({ kind: 'setting', value });

/** Files above this are copied part by part: CopyObject's own limit is 5 GiB. */
export const MULTIPART_COPY_THRESHOLD_BYTES = 5 * 1024 ** 3;
/** 512 MiB parts keep a 15 GB pack at 30 parts, far under S3's 10,000-part limit. */
export const MULTIPART_COPY_PART_BYTES = 512 * 1024 ** 2;

/** The blog's own origin: the only one whose pages may call the API and upload. */
export const SITE_ORIGIN = 'https://myblog.com';

export const pipeline: Topology = {
  project: 'myblog',
  releaseOrigin: 'distributionBucket',
  api: {
    fn: 'blogApi',
    allowedOrigin: SITE_ORIGIN,
    throttle: { rateLimit: 100, burstLimit: 200 },
    routes: [
      { method: 'POST', path: '/subscribers', requestModel: 'SubscribeRequest' },
      { method: 'POST', path: '/photos', requestModel: 'PhotoUploadRequest' },
      // A photo's status changes while its thumbnails are made: a few seconds only.
      { method: 'GET', path: '/photos/{photoId}', cacheSeconds: 5 },
      // latest.json itself is cached for 60 s by CloudFront: no longer here.
      { method: 'GET', path: '/releases/latest', cacheSeconds: 60 },
      // A published version never changes.
      { method: 'GET', path: '/releases/{version}', cacheSeconds: 3600 },
      { method: 'GET', path: '/openapi.json', cacheSeconds: 3600 },
    ],
  },
  tables: {
    subscribers: { partitionKey: 'email', stream: 'NEW_IMAGE' },
    sentLog: { partitionKey: 'pk' },
    idempotency: { partitionKey: 'id', timeToLiveAttribute: 'expiration' },
    photos: { partitionKey: 'photoId' },
    releaseAudit: { partitionKey: 'version' },
    // Which execution publishes each version: the update-publishing workflow's claim, so it happens once.
    releaseClaims: { partitionKey: 'version' },
  },
  buckets: {
    uploads: { versioned: true, browserUploads: true },
    thumbnails: { versioned: false },
    releases: { versioned: true },
    distribution: { versioned: true },
  },
  queues: {
    thumbnailJobs: {
      visibilityTimeoutSeconds: 120,
      retentionDays: 4,
      deadLetter: { queue: 'thumbnailJobsDlq', maxReceiveCount: 3 },
    },
    thumbnailJobsDlq: { visibilityTimeoutSeconds: 30, retentionDays: 14 },
    publishJobs: {
      visibilityTimeoutSeconds: 300,
      retentionDays: 4,
      deadLetter: { queue: 'publishJobsDlq', maxReceiveCount: 3 },
    },
    publishJobsDlq: { visibilityTimeoutSeconds: 30, retentionDays: 14 },
    subscriberEventsDlq: { visibilityTimeoutSeconds: 30, retentionDays: 14 },
    releaseAuditDlq: { visibilityTimeoutSeconds: 30, retentionDays: 14 },
    updateSubscribers: {
      visibilityTimeoutSeconds: 30,
      retentionDays: 4,
      deadLetter: { queue: 'updateSubscribersDlq', maxReceiveCount: 5 },
    },
    updateSubscribersDlq: { visibilityTimeoutSeconds: 30, retentionDays: 14 },
  },
  topics: {
    releasePublished: { displayName: 'MyBlog release published' },
    updateAvailable: { displayName: 'MyBlog update available' },
    operations: { displayName: 'MyBlog operations alerts' },
  },
  streams: {
    releaseEvents: { shardCount: 1 },
  },
  functions: {
    validateSubscriber: {
      dir: 'validate-subscriber',
      description: 'Validates a subscriber from a DynamoDB stream record',
      memoryMb: 256,
      timeoutSeconds: 10,
      environment: {},
      permissions: [],
    },
    renderWelcomeEmail: {
      dir: 'render-welcome-email',
      description: 'Renders the welcome email in the subscriber locale',
      memoryMb: 256,
      timeoutSeconds: 10,
      environment: { SITE_URL: setting(SITE_ORIGIN) },
      permissions: [],
    },
    sendWelcomeEmail: {
      dir: 'send-welcome-email',
      description: 'Sends the welcome email through SES, once per address',
      memoryMb: 256,
      timeoutSeconds: 30,
      // SES sending quotas are per account: cap the fan-in so a burst of sign-ups throttles here, not there.
      reservedConcurrency: 5,
      environment: {
        IDEMPOTENCY_TABLE_NAME: table('idempotency'),
        SENDER_ADDRESS: setting('welcome@myblog.com'),
      },
      permissions: [{ action: 'readWriteTable', table: 'idempotency' }, { action: 'sendEmail' }],
    },
    parsePhotoEvent: {
      dir: 'parse-photo-event',
      description: 'Reads the S3 records out of an SQS batch of upload notifications',
      memoryMb: 256,
      timeoutSeconds: 10,
      environment: {},
      permissions: [],
    },
    inspectImage: {
      dir: 'inspect-image',
      description: 'Sniffs an upload format and checks its size and pixel limits',
      memoryMb: 512,
      timeoutSeconds: 30,
      usesSharp: true,
      environment: {},
      permissions: [{ action: 'readBucket', bucket: 'uploads' }],
    },
    makeThumbnail: {
      dir: 'make-thumbnail',
      description: 'Makes one thumbnail size of a photo with sharp',
      memoryMb: 1536,
      timeoutSeconds: 60,
      usesSharp: true,
      environment: { THUMBNAILS_BUCKET: bucket('thumbnails') },
      permissions: [
        { action: 'readBucket', bucket: 'uploads' },
        { action: 'writeBucket', bucket: 'thumbnails' },
      ],
    },
    parseReleaseEvent: {
      dir: 'parse-release-event',
      description: 'Reads the manifest location out of an SQS/SNS/S3 release notification',
      memoryMb: 256,
      timeoutSeconds: 10,
      environment: {},
      permissions: [],
    },
    validateManifest: {
      dir: 'validate-manifest',
      description: 'Validates a release manifest and compares it with the published release',
      memoryMb: 256,
      timeoutSeconds: 30,
      environment: { DISTRIBUTION_BUCKET: bucket('distribution') },
      permissions: [
        { action: 'readBucket', bucket: 'releases' },
        { action: 'readBucket', bucket: 'distribution' },
      ],
    },
    verifyChecksum: {
      dir: 'verify-checksum',
      description: 'Streams a release file from S3 and checks its SHA-256',
      memoryMb: 512,
      timeoutSeconds: 900,
      environment: {},
      permissions: [{ action: 'readBucket', bucket: 'releases' }],
    },
    copyReleaseFile: {
      dir: 'copy-release-file',
      description: 'Copies a release file to the distribution bucket, multipart above the threshold',
      memoryMb: 256,
      timeoutSeconds: 900,
      environment: {
        DISTRIBUTION_BUCKET: bucket('distribution'),
        MULTIPART_COPY_THRESHOLD_BYTES: setting(String(MULTIPART_COPY_THRESHOLD_BYTES)),
        MULTIPART_COPY_PART_BYTES: setting(String(MULTIPART_COPY_PART_BYTES)),
      },
      permissions: [
        { action: 'readBucket', bucket: 'releases' },
        { action: 'writeBucket', bucket: 'distribution' },
      ],
    },
    pointLatestRelease: {
      dir: 'point-latest-release',
      description: 'Moves latest.json to a release only if it is newer, with an S3 conditional write',
      memoryMb: 256,
      timeoutSeconds: 30,
      environment: { DISTRIBUTION_BUCKET: bucket('distribution') },
      permissions: [
        { action: 'readBucket', bucket: 'distribution' },
        { action: 'writeBucket', bucket: 'distribution' },
      ],
    },
    removeReleaseCopies: {
      dir: 'remove-release-copies',
      description: 'Deletes the copies of a failed release from the distribution bucket',
      memoryMb: 256,
      timeoutSeconds: 60,
      environment: { DISTRIBUTION_BUCKET: bucket('distribution') },
      permissions: [
        { action: 'readBucket', bucket: 'distribution' },
        { action: 'deleteFromBucket', bucket: 'distribution' },
      ],
    },
    releaseAudit: {
      dir: 'release-audit',
      description: 'Records release events from Kinesis in the release audit table',
      memoryMb: 256,
      timeoutSeconds: 30,
      environment: { RELEASE_AUDIT_TABLE: table('releaseAudit') },
      permissions: [{ action: 'writeTable', table: 'releaseAudit' }],
    },
    blogApi: {
      dir: 'blog-api',
      description: "The blog's REST API: subscriptions, photo uploads, releases",
      memoryMb: 512,
      timeoutSeconds: 10,
      environment: {
        SUBSCRIBERS_TABLE: table('subscribers'),
        PHOTOS_TABLE: table('photos'),
        UPLOADS_BUCKET: bucket('uploads'),
        THUMBNAILS_BUCKET: bucket('thumbnails'),
        DISTRIBUTION_BUCKET: bucket('distribution'),
        DOWNLOADS_BASE_URL: { kind: 'downloadsBaseUrl' },
        ALLOWED_ORIGIN: setting(SITE_ORIGIN),
      },
      permissions: [
        { action: 'writeTable', table: 'subscribers' },
        { action: 'readWriteTable', table: 'photos' },
        // Presigned PUTs act with the signer's rights; HEAD tells whether the upload was made.
        { action: 'readBucket', bucket: 'uploads' },
        { action: 'writeBucket', bucket: 'uploads' },
        { action: 'readBucket', bucket: 'thumbnails' },
        { action: 'readBucket', bucket: 'distribution' },
      ],
    },
  },
  workflows: {
    welcomeEmail: {
      file: 'welcome-email.asl.json',
      description: 'New subscriber: validate, render, send through SES once, record it',
      type: 'STANDARD',
      substitutions: {
        ValidateSubscriberFunctionArn: fn('validateSubscriber'),
        RenderWelcomeEmailFunctionArn: fn('renderWelcomeEmail'),
        SendWelcomeEmailFunctionArn: fn('sendWelcomeEmail'),
        SentLogTableName: table('sentLog'),
        OperationsTopicArn: topic('operations'),
      },
    },
    thumbnail: {
      file: 'thumbnail.asl.json',
      description: 'Uploaded photo: inspect, make every thumbnail size, record metadata',
      type: 'STANDARD',
      substitutions: {
        ParsePhotoEventFunctionArn: fn('parsePhotoEvent'),
        InspectImageFunctionArn: fn('inspectImage'),
        MakeThumbnailFunctionArn: fn('makeThumbnail'),
        PhotosTableName: table('photos'),
        OperationsTopicArn: topic('operations'),
      },
    },
    updatePublishing: {
      file: 'update-publishing.asl.json',
      description: 'Release manifest: verify, copy, invalidate the CDN, announce, record',
      type: 'STANDARD',
      substitutions: {
        ParseReleaseEventFunctionArn: fn('parseReleaseEvent'),
        ValidateManifestFunctionArn: fn('validateManifest'),
        VerifyChecksumFunctionArn: fn('verifyChecksum'),
        CopyReleaseFileFunctionArn: fn('copyReleaseFile'),
        PointLatestReleaseFunctionArn: fn('pointLatestRelease'),
        RemoveReleaseCopiesFunctionArn: fn('removeReleaseCopies'),
        ReleaseClaimsTableName: table('releaseClaims'),
        DistributionBucketName: bucket('distribution'),
        DistributionId: { kind: 'distributionId' },
        UpdateAvailableTopicArn: topic('updateAvailable'),
        ReleaseEventsStreamName: { kind: 'streamName', stream: 'releaseEvents' },
        OperationsTopicArn: topic('operations'),
        // Read by the workflow's choices: see servedByUpdateServer.
        ReleaseOrigin: setting('distributionBucket'),
      },
    },
  },
  pipes: [
    {
      kind: 'tableStream',
      table: 'subscribers',
      eventNames: ['INSERT'],
      batchSize: 1,
      workflow: 'welcomeEmail',
      deadLetterQueue: 'subscriberEventsDlq',
      maximumRetryAttempts: 3,
    },
    { kind: 'queue', queue: 'thumbnailJobs', batchSize: 1, workflow: 'thumbnail' },
    { kind: 'queue', queue: 'publishJobs', batchSize: 1, workflow: 'updatePublishing' },
  ],
  streamConsumers: [
    {
      stream: 'releaseEvents',
      fn: 'releaseAudit',
      batchSize: 100,
      startingPosition: 'TRIM_HORIZON',
      deadLetterQueue: 'releaseAuditDlq',
      maximumRetryAttempts: 3,
    },
  ],
  bucketNotifications: [
    { bucket: 'uploads', prefix: 'photos/', target: { kind: 'queue', queue: 'thumbnailJobs' } },
    { bucket: 'releases', suffix: 'manifest.json', target: { kind: 'topic', topic: 'releasePublished' } },
  ],
  subscriptions: [
    { topic: 'releasePublished', queue: 'publishJobs', rawMessageDelivery: false },
    // An example downstream: clients on the stable channel only, chosen by the message attribute.
    {
      topic: 'updateAvailable',
      queue: 'updateSubscribers',
      rawMessageDelivery: false,
      filterPolicy: { channel: ['stable'] },
    },
  ],
};

/**
 * The same pipeline with releases served by the update server too (releaseOrigin updateServer):
 * the functions that put a release in place, point latest.json at it and remove a failed one
 * mount the update server's volume, and the workflow's choices take the update server's steps.
 */
export function servedByUpdateServer(topology: Topology): Topology {
  const withVolume = (spec: FunctionSpec): FunctionSpec => ({
    ...spec,
    mountsUpdatesVolume: true,
    environment: { ...spec.environment, UPDATES_VOLUME_PATH: setting(UPDATE_ORIGIN.mountPath) },
  });
  const publishing = topology.workflows.updatePublishing;
  return {
    ...topology,
    releaseOrigin: 'updateServer',
    functions: {
      ...topology.functions,
      copyReleaseFile: withVolume(topology.functions.copyReleaseFile),
      pointLatestRelease: withVolume(topology.functions.pointLatestRelease),
      removeReleaseCopies: withVolume(topology.functions.removeReleaseCopies),
    },
    workflows: {
      ...topology.workflows,
      updatePublishing: {
        ...publishing,
        substitutions: { ...publishing.substitutions, ReleaseOrigin: setting('updateServer') },
      },
    },
  };
}
