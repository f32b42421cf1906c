import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { JsonWebKey } from 'node:crypto';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { LOCAL_CREDENTIALS } from '../aws-clients';
import {
  checkHost,
  handleWith,
  HttpError,
  listenOnLoopback,
  MisdirectedRequest,
  PayloadTooLarge,
  readText,
  sendJson,
} from '@myblog/local-http';
import { type IdTokenClaims, InvalidIdToken, verifyIdToken } from './id-token';

/** Credentials the identity pool handed out, and whose they are. */
export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly identityId: string;
  readonly expiration: Date;
}

/** Every set of credentials issued to an identity, by access key id: the storage gate reads it. */
export class CredentialRegistry {
  private readonly issued = new Map<string, IssuedCredentials>();

  add(credentials: IssuedCredentials): void {
    this.issued.set(credentials.accessKeyId, credentials);
  }

  /** The credentials of this access key while they are valid. */
  find(accessKeyId: string, now = new Date()): IssuedCredentials | undefined {
    const found = this.issued.get(accessKeyId);
    return found !== undefined && found.expiration.getTime() > now.getTime() ? found : undefined;
  }
}

export interface LocalIdentityPoolOptions {
  readonly identityPoolId: string;
  readonly region: string;
  /** `cognito-idp.<region>.amazonaws.com/<user pool id>`: the only login this pool trusts. */
  readonly providerName: string;
  readonly userPoolClientId: string;
  readonly keys: readonly JsonWebKey[];
  readonly authenticatedRoleArn: string;
  /** moto, for STS's AssumeRoleWithWebIdentity. */
  readonly stsEndpoint: string;
  readonly registry: CredentialRegistry;
}

/** An error of the Cognito Identity API, answered as its `__type` (AWS JSON 1.1). */
class IdentityError extends HttpError {
  override readonly name = 'IdentityError';
  constructor(
    readonly type: string,
    message: string,
    status = 400,
  ) {
    super(status, message);
  }
}

/**
 * The identity id Cognito gives a user of this pool: the same every time for the same user pool
 * user (moto gives a new one on each GetId), shaped as Cognito's `<region>:<uuid>`.
 */
export function identityIdFor(region: string, identityPoolId: string, sub: string): string {
  const hex = createHash('sha256').update(`${identityPoolId}\u0000${sub}`).digest('hex');
  return `${region}:${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Cognito's identity pool, locally: `GetId` and `GetCredentialsForIdentity` (the enhanced flow the
 * SDK's `fromCognitoIdentityPool` uses), for users of the one user pool it trusts. moto's own
 * identity pool gives a new identity on every GetId and the same fixed keys to everyone, so the
 * folder rule could not be enforced on it. Here each identity gets credentials of its own from
 * STS (AssumeRoleWithWebIdentity on moto, for the authenticated role), recorded in the registry
 * the storage gate authorizes them by.
 */
export class LocalIdentityPool {
  private readonly sts: STSClient;
  private readonly owners = new Map<string, string>();

  constructor(private readonly options: LocalIdentityPoolOptions) {
    this.sts = new STSClient({
      endpoint: options.stsEndpoint,
      region: options.region,
      credentials: LOCAL_CREDENTIALS,
    });
  }

  private login(logins: unknown): IdTokenClaims {
    const token =
      typeof logins === 'object' && logins !== null
        ? (logins as Record<string, unknown>)[this.options.providerName]
        : undefined;
    if (typeof token !== 'string')
      throw new IdentityError(
        'NotAuthorizedException',
        `Logins must hold a token of ${this.options.providerName}`,
      );
    try {
      return verifyIdToken(token, {
        issuer: `https://${this.options.providerName}`,
        audience: this.options.userPoolClientId,
        keys: this.options.keys,
      });
    } catch (error) {
      if (error instanceof InvalidIdToken)
        throw new IdentityError('NotAuthorizedException', `Invalid login token. ${error.message}`);
      throw error;
    }
  }

  private checkPool(identityPoolId: unknown): void {
    if (identityPoolId !== this.options.identityPoolId)
      throw new IdentityError(
        'ResourceNotFoundException',
        `IdentityPool '${String(identityPoolId)}' not found.`,
      );
  }

  async getId(body: Record<string, unknown>): Promise<{ IdentityId: string }> {
    this.checkPool(body['IdentityPoolId']);
    const claims = this.login(body['Logins']);
    const identityId = identityIdFor(this.options.region, this.options.identityPoolId, claims.sub);
    this.owners.set(identityId, claims.sub);
    return { IdentityId: identityId };
  }

  async getCredentialsForIdentity(body: Record<string, unknown>) {
    const identityId = body['IdentityId'];
    const owner = typeof identityId === 'string' ? this.owners.get(identityId) : undefined;
    if (typeof identityId !== 'string' || owner === undefined)
      throw new IdentityError('ResourceNotFoundException', `Identity '${String(identityId)}' not found.`);
    const claims = this.login(body['Logins']);
    if (claims.sub !== owner)
      throw new IdentityError(
        'NotAuthorizedException',
        'Invalid login token. The login is not this identity’s',
      );
    const token = (body['Logins'] as Record<string, string>)[this.options.providerName] as string;
    const assumed = await this.sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: this.options.authenticatedRoleArn,
        RoleSessionName: 'CognitoIdentityCredentials',
        WebIdentityToken: token,
        DurationSeconds: 3600,
      }),
    );
    const credentials = assumed.Credentials;
    if (credentials?.AccessKeyId === undefined || credentials.SecretAccessKey === undefined)
      throw new IdentityError('InternalErrorException', 'STS returned no credentials', 500);
    const issued: IssuedCredentials = {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken ?? '',
      identityId,
      expiration: credentials.Expiration ?? new Date(Date.now() + 3_600_000),
    };
    this.options.registry.add(issued);
    return {
      IdentityId: identityId,
      Credentials: {
        AccessKeyId: issued.accessKeyId,
        SecretKey: issued.secretAccessKey,
        SessionToken: issued.sessionToken,
        // AWS JSON 1.1 timestamps are epoch seconds.
        Expiration: issued.expiration.getTime() / 1000,
      },
    };
  }

  close(): void {
    this.sts.destroy();
  }
}

/** Cognito Identity's requests are small; a body over 64 KiB is refused unread. */
const MAX_REQUEST_BYTES = 64 * 1024;

function parseObject(text: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(text || '{}') as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // Answered below.
  }
  throw new IdentityError('SerializationException', 'The body is not a JSON object');
}

/** The `__type` of a refusal: the API's own, or the shared HTTP layer's in its words. */
function awsTypeOf(error: HttpError): string {
  if (error instanceof IdentityError) return error.type;
  if (error instanceof MisdirectedRequest) return 'MisdirectedRequest';
  if (error instanceof PayloadTooLarge) return 'RequestEntityTooLargeException';
  return error.status >= 500 ? 'InternalErrorException' : 'InvalidParameterException';
}

/** The local identity pool over HTTP, as the Cognito Identity API (`X-Amz-Target: AWSCognitoIdentityService.<Action>`). */
export async function startLocalIdentityPool(pool: LocalIdentityPool, port = 0) {
  const actions: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
    GetId: (body) => pool.getId(body),
    GetCredentialsForIdentity: (body) => pool.getCredentialsForIdentity(body),
  };
  const server = createServer(
    handleWith(
      async (incoming, response) => {
        checkHost(incoming);
        const target = String(incoming.headers['x-amz-target'] ?? '');
        const name = target.replace(/^AWSCognitoIdentityService\./, '');
        // Own names only: a target such as `constructor` must not find what every object inherits.
        const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
        if (incoming.method !== 'POST' || action === undefined)
          throw new IdentityError(
            'UnknownOperationException',
            `${target || 'No X-Amz-Target'}: this local identity pool serves GetId and GetCredentialsForIdentity`,
          );
        const body = parseObject(await readText(incoming, { limitBytes: MAX_REQUEST_BYTES }));
        sendJson(response, 200, await action(body), {}, 'application/x-amz-json-1.1');
      },
      (error, _incoming, response) =>
        sendJson(
          response,
          error.status,
          { __type: awsTypeOf(error), message: error.message },
          {},
          'application/x-amz-json-1.1',
        ),
    ),
  );
  return listenOnLoopback(server, { port });
}
