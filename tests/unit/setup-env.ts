// The environment every function validates at cold start, with test values.
Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  SITE_URL: 'https://myblog.test',
  IDEMPOTENCY_TABLE_NAME: 'idempotency',
  SENDER_ADDRESS: 'welcome@myblog.test',
  THUMBNAILS_BUCKET: 'thumbnails',
  DISTRIBUTION_BUCKET: 'distribution',
  MULTIPART_COPY_THRESHOLD_BYTES: String(10 * 1024 * 1024),
  MULTIPART_COPY_PART_BYTES: String(5 * 1024 * 1024),
  RELEASE_AUDIT_TABLE: 'release-audit',
});
