import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// `npx cdk synth` as a user runs it, with no AWS credentials: functions bundled by local esbuild,
// cdk-nag's AwsSolutions checks on. Any unacknowledged finding fails the synth and this test.
test('cdk synth works offline without credentials and cdk-nag reports nothing unacknowledged', () => {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' };
  for (const name of [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'CDK_DEFAULT_ACCOUNT',
    'CDK_DEFAULT_REGION',
  ])
    delete env[name];
  const result = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', join('cdk.out', 'test')], {
    cwd: join(__dirname, '..', '..'),
    env,
    encoding: 'utf8',
    timeout: 240_000,
  });
  const output = `${result.stdout}${result.stderr}`;
  expect({
    status: result.status,
    findings: output.split('\n').filter((line) => line.includes('Acknowledge with')),
  }).toEqual({ status: 0, findings: [] });
}, 240_000);
