import { createPublicKey, createVerify, type JsonWebKey } from 'node:crypto';

/** An ID token that is not one this user pool's app client issued, or no longer valid. */
export class InvalidIdToken extends Error {
  override readonly name = 'InvalidIdToken';
}

export interface IdTokenClaims {
  readonly sub: string;
  readonly iss: string;
  readonly aud: string;
  readonly token_use: string;
  readonly exp: number;
  readonly email?: string;
  readonly 'cognito:username'?: string;
  readonly [claim: string]: unknown;
}

export interface IdTokenExpectation {
  /** `https://cognito-idp.<region>.amazonaws.com/<user pool id>` */
  readonly issuer: string;
  /** The app client id. */
  readonly audience: string;
  /** The user pool's signing keys (its `/.well-known/jwks.json`). */
  readonly keys: readonly (JsonWebKey & { kid?: string })[];
  readonly now?: Date;
}

function part(text: string | undefined, what: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(text ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new InvalidIdToken(`The token's ${what} is not base64url JSON`);
  }
}

/**
 * What API Gateway's Cognito user pool authorizer and the identity pool check of an ID token: an
 * RS256 signature by one of the pool's keys, its issuer, its app client, that it is an ID token,
 * and that it has not expired. Returns its claims.
 */
export function verifyIdToken(token: string, expected: IdTokenExpectation): IdTokenClaims {
  const [header64, payload64, signature64, extra] = token.split('.');
  if (extra !== undefined || signature64 === undefined) throw new InvalidIdToken('Not a JSON Web Token');
  const header = part(header64, 'header');
  if (header['alg'] !== 'RS256') throw new InvalidIdToken('Only RS256 tokens are accepted');
  const key = expected.keys.find((candidate) => candidate.kid === header['kid']);
  if (key === undefined) throw new InvalidIdToken(`No key ${String(header['kid'])} in the user pool's keys`);
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${header64}.${payload64}`);
  if (!verifier.verify(createPublicKey({ key, format: 'jwk' }), Buffer.from(signature64, 'base64url')))
    throw new InvalidIdToken('The signature does not match');
  const claims = part(payload64, 'payload') as Partial<IdTokenClaims>;
  if (claims.iss !== expected.issuer)
    throw new InvalidIdToken(`Issued by ${String(claims.iss)}, not this user pool`);
  if (claims.aud !== expected.audience) throw new InvalidIdToken('Issued to another app client');
  if (claims.token_use !== 'id') throw new InvalidIdToken('Not an ID token');
  const now = (expected.now ?? new Date()).getTime() / 1000;
  if (typeof claims.exp !== 'number' || claims.exp <= now) throw new InvalidIdToken('The token has expired');
  if (typeof claims.sub !== 'string' || claims.sub === '')
    throw new InvalidIdToken('The token names no user');
  return claims as IdTokenClaims;
}

/** The user pool's signing keys, as moto serves them. */
export async function userPoolKeys(motoEndpoint: string, userPoolId: string): Promise<JsonWebKey[]> {
  const response = await fetch(`${motoEndpoint}/${userPoolId}/.well-known/jwks.json`);
  if (!response.ok) throw new Error(`The user pool's keys could not be read: HTTP ${response.status}`);
  return ((await response.json()) as { keys: JsonWebKey[] }).keys;
}
