import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// `npx cdk synth` as a user runs it, with no AWS credentials: functions bundled by local esbuild,
// cdk-nag's AwsSolutions checks on. Any unacknowledged finding fails the synth and this test.
// The one full synth of the suite (about 2.5 minutes on a busy 2-core machine); the other infra
// tests read a template synthesized without bundling (tests/infra/synthesize.ts). The sharp layer
// is built only by `npm run build:sharp-layer` (from the registry), so this synth, which is not
// deployed, says it may go without it.
test('cdk synth bundles offline without credentials, every feature flag set, cdk-nag reporting nothing unacknowledged', () => {
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
  const result = spawnSync(
    'npx',
    ['cdk', 'synth', '--quiet', '--output', join('cdk.out', 'test'), '-c', 'allowMissingSharpLayer=true'],
    { cwd: join(__dirname, '..', '..'), env, encoding: 'utf8', timeout: 240_000 },
  );
  const output = `${result.stdout}${result.stderr}`;
  expect({
    status: result.status,
    findings: output
      .split('\n')
      .filter((line) => line.includes('Acknowledge with') && !line.includes('Annotation::myblog:')),
    unsetFlags: output.split('\n').filter((line) => /feature flags? (is|are) not configured/.test(line)),
  }).toEqual({ status: 0, findings: [], unsetFlags: [] });
}, 240_000);
