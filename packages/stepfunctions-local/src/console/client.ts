import { SFNClient } from '@aws-sdk/client-sfn';

/** What the console watches: an SDK client and the endpoint in words. */
export interface WatchedEndpoint {
  readonly sfn: SFNClient;
  readonly watching: string;
  /** The real service: the console only reads it. */
  readonly aws: boolean;
}

/** Signs requests to a local endpoint: it checks no signature, and real credentials are not sent where they are not needed. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The client for `--endpoint`: `aws` is the real service, with the region and credentials the
 * SDK's default chain finds (AWS_REGION, AWS_PROFILE, SSO, instance roles…); anything else is a
 * URL of a Step Functions API (this package's server, one in another process), in `region`.
 */
export async function watchedEndpoint(endpoint: string, region?: string): Promise<WatchedEndpoint> {
  if (endpoint === 'aws') {
    const sfn = new SFNClient(region === undefined ? {} : { region });
    let resolved: string;
    try {
      resolved = await sfn.config.region();
    } catch {
      sfn.destroy();
      throw new Error(
        '--endpoint aws needs a region: set AWS_REGION (or a profile with one) or pass --region',
      );
    }
    return { sfn, watching: `AWS Step Functions (${resolved})`, aws: true };
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`--endpoint must be a URL (http://127.0.0.1:8083) or aws, got ${endpoint}`);
  }
  const sfn = new SFNClient({
    endpoint: url.toString(),
    region: region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 2,
  });
  return { sfn, watching: url.origin, aws: false };
}
