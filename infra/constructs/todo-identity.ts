import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { attachmentsAccessStatements, IDENTITY_ID_VARIABLE } from '../../topology/todo';
import type { TodoTopology } from '../../topology/todo-types';
import { acknowledge, nagResource } from '../nag';

/**
 * Who MyTodoList's users are and what AWS credentials they get: a Cognito user pool (sign-in with
 * email and password over SRP), its app client for the mobile app, and an identity pool that
 * trades the user pool's ID token for temporary credentials of the authenticated role, whose one
 * policy is the user's own folder of the attachments bucket.
 */
export class TodoIdentity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly identityPool: cognito.CfnIdentityPool;
  readonly authenticatedRole: iam.Role;

  constructor(
    scope: Construct,
    id: string,
    topology: TodoTopology,
    attachmentsBucketArn: string,
    name: string,
  ) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Users', {
      userPoolName: name,
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: topology.auth.passwordMinimumLength,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.userPool,
      'AwsSolutions-COG2',
      'MFA is offered (TOTP) rather than required: a to-do list holds no payment or health data, and a required second factor would lock out users who lose their phone.',
    );
    acknowledge(
      this.userPool,
      'AwsSolutions-COG3',
      "Threat protection needs the Plus feature plan, billed per monthly active user; the password policy, optional TOTP and Cognito's built-in lockout are the protections chosen for a free to-do app.",
    );
    acknowledge(
      this.userPool,
      'AwsSolutions-COG8',
      'The Plus feature plan is billed per monthly active user; see COG3 for the protections chosen instead.',
    );
    this.client = this.userPool.addClient('MobileApp', {
      userPoolClientName: `${name}-mobile`,
      generateSecret: false,
      // SRP: the password never leaves the device.
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.minutes(topology.auth.tokenValidityMinutes),
      accessTokenValidity: Duration.minutes(topology.auth.tokenValidityMinutes),
      refreshTokenValidity: Duration.days(30),
    });
    this.identityPool = new cognito.CfnIdentityPool(this, 'Identities', {
      identityPoolName: name.replace(/-/g, '_'),
      allowUnauthenticatedIdentities: false,
      allowClassicFlow: false,
      cognitoIdentityProviders: [
        {
          clientId: this.client.userPoolClientId,
          providerName: this.userPool.userPoolProviderName,
          // The identity pool asks the user pool whether the token was revoked.
          serverSideTokenCheck: true,
        },
      ],
    });
    this.authenticatedRole = new iam.Role(this, 'AuthenticatedRole', {
      description: 'A signed-in MyTodoList user: their own folder of the attachments bucket, nothing else',
      maxSessionDuration: Duration.hours(1),
      assumedBy: new iam.FederatedPrincipal(
        'cognito-identity.amazonaws.com',
        {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': this.identityPool.ref },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
        },
        'sts:AssumeRoleWithWebIdentity',
      ),
      inlinePolicies: {
        OwnFolder: iam.PolicyDocument.fromJson({
          Version: '2012-10-17',
          Statement: attachmentsAccessStatements(attachmentsBucketArn),
        }),
      },
    });
    acknowledge(
      this.authenticatedRole,
      // cdk-nag writes a policy variable as it writes a reference: <cognito-identity.amazonaws.com:sub>.
      `AwsSolutions-IAM5[Resource::${nagResource(this.authenticatedRole, `${attachmentsBucketArn}/${topology.storage.privatePrefix}`)}${IDENTITY_ID_VARIABLE.replace(/^\$\{(.*)\}$/, '<$1>')}/*]`,
      "The user's own folder: the policy variable is their identity id, so the wildcard is only the files inside it.",
    );
    new cognito.CfnIdentityPoolRoleAttachment(this, 'Roles', {
      identityPoolId: this.identityPool.ref,
      roles: { authenticated: this.authenticatedRole.roleArn },
    });
  }
}
