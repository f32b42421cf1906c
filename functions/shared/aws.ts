/**
 * Client settings shared by every function. In AWS they are the SDK defaults; locally the runtime
 * sets AWS_ENDPOINT_URL (which SDK v3 honours by itself) and S3_FORCE_PATH_STYLE for moto.
 */
export function s3ClientConfig(env: NodeJS.ProcessEnv = process.env): { forcePathStyle: boolean } {
  return { forcePathStyle: env['S3_FORCE_PATH_STYLE'] === 'true' };
}
