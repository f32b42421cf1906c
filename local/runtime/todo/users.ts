import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
} from '@aws-sdk/client-cognito-identity';
import { LOCAL_CREDENTIALS } from '../aws-clients';

/** A signed-in user of the to-do app, as a mobile client holds it. */
export interface SignedInClient {
  readonly email: string;
  readonly sub: string;
  /** What the API's Authorization header carries. */
  readonly idToken: string;
  readonly identityId: string;
  /** Temporary AWS credentials from the identity pool: S3 in their own folder only. */
  readonly credentials: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken: string;
    readonly expiration: Date;
  };
}

export interface SignInTarget {
  /** The user pool's endpoint (moto locally; Cognito's in AWS). */
  readonly userPoolEndpoint?: string;
  /** The identity pool's endpoint (the local identity pool; Cognito Identity's in AWS). */
  readonly identityPoolEndpoint?: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly identityPoolId: string;
}

/**
 * Signs a user in as the mobile app does: InitiateAuth with the user pool's app client for the ID
 * token, then the identity pool's GetId and GetCredentialsForIdentity for AWS credentials. With
 * `signUp`, the user is registered first (and confirmed by the administrator: there is no inbox
 * to read a confirmation code from locally).
 */
export async function signIn(
  target: SignInTarget,
  email: string,
  password: string,
  signUp = false,
): Promise<SignedInClient> {
  const endpoint = (url: string | undefined) =>
    url === undefined ? {} : { endpoint: url, credentials: LOCAL_CREDENTIALS };
  const idp = new CognitoIdentityProviderClient({
    region: target.region,
    ...endpoint(target.userPoolEndpoint),
  });
  const identity = new CognitoIdentityClient({
    region: target.region,
    ...endpoint(target.identityPoolEndpoint),
  });
  try {
    if (signUp) {
      await idp.send(
        new SignUpCommand({
          ClientId: target.userPoolClientId,
          Username: email,
          Password: password,
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      );
      await idp.send(new AdminConfirmSignUpCommand({ UserPoolId: target.userPoolId, Username: email }));
    }
    const auth = await idp.send(
      new InitiateAuthCommand({
        ClientId: target.userPoolClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const idToken = auth.AuthenticationResult?.IdToken as string;
    const sub = (
      JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub: string }
    ).sub;
    const logins = { [`cognito-idp.${target.region}.amazonaws.com/${target.userPoolId}`]: idToken };
    const { IdentityId } = await identity.send(
      new GetIdCommand({ IdentityPoolId: target.identityPoolId, Logins: logins }),
    );
    const issued = await identity.send(
      new GetCredentialsForIdentityCommand({ IdentityId: IdentityId as string, Logins: logins }),
    );
    const credentials = issued.Credentials;
    return {
      email,
      sub,
      idToken,
      identityId: IdentityId as string,
      credentials: {
        accessKeyId: credentials?.AccessKeyId as string,
        secretAccessKey: credentials?.SecretKey as string,
        sessionToken: credentials?.SessionToken as string,
        expiration: credentials?.Expiration as Date,
      },
    };
  } finally {
    idp.destroy();
    identity.destroy();
  }
}
