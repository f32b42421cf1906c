import {
  deployedTopology,
  readDeploymentSettings,
  reservableConcurrency,
} from '../../infra/deployment-settings';
import { pipeline } from '../../topology/pipeline';

const settingsFrom = (context: Record<string, unknown>) =>
  readDeploymentSettings((key) => context[key], pipeline);

describe('reserved concurrency', () => {
  test.each([
    [10, 0],
    [100, 0],
    [150, 50],
    [1000, 900],
  ])(
    'an account whose quota is %i may reserve %i (Lambda keeps min(quota, 100) unreserved)',
    (quota, reservable) => {
      expect(reservableConcurrency(quota)).toBe(reservable);
    },
  );

  test('caps that do not fit are all dropped and named, so the deploy is not refused', () => {
    const { topology, unreserved } = deployedTopology(
      pipeline,
      settingsFrom({ lambdaConcurrencyQuota: 104 }),
    );
    expect(unreserved).toEqual(['sendWelcomeEmail']);
    expect(topology.functions.sendWelcomeEmail.reservedConcurrency).toBeUndefined();
  });

  test('caps that fit are kept', () => {
    const { topology, unreserved } = deployedTopology(
      pipeline,
      settingsFrom({ lambdaConcurrencyQuota: 105 }),
    );
    expect(unreserved).toEqual([]);
    expect(topology.functions.sendWelcomeEmail.reservedConcurrency).toBe(5);
  });
});

describe('settings from context', () => {
  test("without context: stage prod, the topology's sender and site, a new account's quota, no alarm email", () => {
    expect(settingsFrom({})).toMatchObject({
      stage: 'prod',
      senderAddress: 'welcome@myblog.com',
      senderIdentity: 'create',
      siteOrigin: pipeline.api.allowedOrigin,
      alarmEmail: undefined,
      lambdaConcurrencyQuota: 10,
      allowMissingSharpLayer: false,
    });
  });

  test('values from the command line arrive as text and are read as numbers and booleans', () => {
    expect(settingsFrom({ lambdaConcurrencyQuota: '1000', allowMissingSharpLayer: 'true' })).toMatchObject({
      lambdaConcurrencyQuota: 1000,
      allowMissingSharpLayer: true,
    });
  });

  test('the deployed topology carries the sender and site, and leaves the topology itself alone', () => {
    const { topology } = deployedTopology(
      pipeline,
      settingsFrom({ senderAddress: 'a@example.org', siteOrigin: 'https://example.org' }),
    );
    expect(topology.functions.sendWelcomeEmail.environment['SENDER_ADDRESS']).toEqual({
      kind: 'setting',
      value: 'a@example.org',
    });
    expect(topology.functions.renderWelcomeEmail.environment['SITE_URL']).toEqual({
      kind: 'setting',
      value: 'https://example.org',
    });
    expect(topology.api.allowedOrigin).toBe('https://example.org');
    expect(pipeline.api.allowedOrigin).toBe('https://myblog.com');
  });
});
