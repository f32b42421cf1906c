import * as iam from 'aws-cdk-lib/aws-iam';
import { nagFindings } from './synthesize';

// cdk-nag's AwsSolutions checks as `npx cdk synth` runs them, on the template without bundling.

test('an environment-agnostic synth (no region, no account) has no unacknowledged finding', () => {
  expect(nagFindings()).toEqual([]);
});

test('a synth for an account and region, as a deploy with credentials makes it, has no unacknowledged finding', () => {
  // With a known region, ARNs carry the literal partition and region: acknowledgements must follow.
  expect(nagFindings({ env: { account: '123456789012', region: 'eu-west-1' } })).toEqual([]);
});

test('a new grant of deletes, lists or data keys elsewhere is reported: acknowledgements stay on their grantees', () => {
  const findings = nagFindings({
    extend: (stack) => {
      const role = new iam.Role(stack, 'NewcomerRole', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      });
      stack.storage.buckets.uploads.grantRead(role);
      stack.storage.buckets.uploads.grantDelete(role);
      stack.messaging.topics.operations.grantPublish(role);
    },
  });
  const onNewcomer = findings
    .filter((finding) => finding.paths.some((path) => path.includes('/NewcomerRole/')))
    .map((finding) => finding.rule);
  expect(onNewcomer).toEqual(
    expect.arrayContaining([
      expect.stringContaining('AwsSolutions-IAM5[Action::s3:DeleteObject*]'),
      expect.stringContaining('AwsSolutions-IAM5[Action::s3:List*]'),
      expect.stringContaining('AwsSolutions-IAM5[Action::kms:GenerateDataKey*]'),
    ]),
  );
  expect(
    findings.filter((finding) => !finding.paths.some((path) => path.includes('/NewcomerRole/'))),
  ).toEqual([]);
});
