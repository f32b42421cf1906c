import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag acknowledgements, each made on the construct that holds the finding (a function, a
 * state machine, a role), never on the stack: an acknowledgement covers its construct and what
 * is inside it, so a later grant elsewhere is still reported.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * A resource of a policy statement as cdk-nag writes it in a finding: the resolved value with
 * Fn::Join flattened, a Ref as `<Name>` and an Fn::GetAtt as `<LogicalId.Attribute>`. So the
 * acknowledgement matches whether the region, account and partition are tokens (an
 * environment-agnostic synth: `<AWS::Region>`) or literals (a synth with credentials).
 */
export function nagResource(scope: IConstruct, value: string): string {
  const flatten = (node: unknown): string => {
    if (typeof node === 'string') return node;
    if (typeof node === 'object' && node !== null) {
      const intrinsic = node as Record<string, unknown>;
      if (Array.isArray(intrinsic['Fn::Join'])) {
        const [delimiter, items] = intrinsic['Fn::Join'] as [string, unknown[]];
        return items.map(flatten).join(delimiter);
      }
      if (Array.isArray(intrinsic['Fn::GetAtt'])) {
        const [resource, attribute] = intrinsic['Fn::GetAtt'] as [unknown, unknown];
        return `<${flatten(resource)}.${flatten(attribute)}>`;
      }
      if ('Ref' in intrinsic) return `<${flatten(intrinsic['Ref'])}>`;
    }
    return JSON.stringify(node);
  };
  return flatten(Stack.of(scope).resolve(value));
}

/** How cdk-nag writes a resource's ARN in a finding: `<LogicalId.Arn>`. */
export function nagArn(resource: IConstruct): string {
  return `<${Stack.of(resource).getLogicalId(resource.node.defaultChild as CfnElement)}.Arn>`;
}

/** The wildcard action groups each CDK grant writes (aws-cdk-lib's perms.ts), by grant. */
export const GRANT_ACTION_GROUPS = {
  read: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
  put: ['s3:Abort*'],
  readWrite: ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'],
  delete: ['s3:DeleteObject*'],
  /** grantPublish on a topic under a customer managed key also grants the key's data keys. */
  publishEncrypted: ['kms:GenerateDataKey*'],
} as const;

/**
 * Acknowledges, on the grantee, the wildcard findings of one CDK grant: its action groups, and the
 * objects of a bucket it names (`<Bucket.Arn>/*`). Each is still scoped to named resources.
 */
export function acknowledgeGrant(
  grantee: IConstruct,
  actions: readonly string[],
  objectsOf: IConstruct | undefined,
  reason: string,
): void {
  for (const action of actions) acknowledge(grantee, `AwsSolutions-IAM5[Action::${action}]`, reason);
  if (objectsOf !== undefined)
    acknowledge(grantee, `AwsSolutions-IAM5[Resource::${nagArn(objectsOf)}/*]`, `${reason} (its objects)`);
}

/** The AwsSolutions-IAM4 finding of an AWS managed policy attached inside `scope`. */
export function awsManagedPolicyFinding(scope: IConstruct, name: string): string {
  const arn = iam.ManagedPolicy.fromAwsManagedPolicyName(name).managedPolicyArn;
  return `AwsSolutions-IAM4[Policy::${nagResource(scope, arn)}]`;
}
