import { z } from 'zod';
import type { FunctionName, Topology } from '../topology/types';
import { InvalidDeploymentSetting } from './errors';
import { SHARP_LAYER_DIR } from './sharp-layer';

/**
 * What differs between one deployment and another, read from the CDK context (`-c key=value` or
 * cdk.json): the topology says what the pipeline is, these say where and for whom it runs.
 */
export interface DeploymentSettings {
  /** Names this deployment: `MyBlogPipeline-<stage>` and `<project>-<stage>-…`, so stages share an account. */
  readonly stage: string;
  /** The address welcome emails come from (an SES identity). */
  readonly senderAddress: string;
  /**
   * `create`: the stack creates the SES email identity (and deletes it on destroy). `existing`:
   * the identity is already verified in this account and region (by another stage sending from
   * the same address): an identity is one per address, so only one stack may create it.
   */
  readonly senderIdentity: 'create' | 'existing';
  /** The site whose pages may call the API and upload (CORS), and the link in emails. */
  readonly siteOrigin: string;
  /** Who the alarms email; none means they reach nobody until someone subscribes. */
  readonly alarmEmail: string | undefined;
  /** The account's Lambda concurrency quota in this region: what reserved concurrency may take from. */
  readonly lambdaConcurrencyQuota: number;
  /** A synth that will not be deployed may go without the sharp layer's native binary. */
  readonly allowMissingSharpLayer: boolean;
  /** Where the sharp layer is built (`npm run build:sharp-layer`). */
  readonly sharpLayerDir: string;
}

/** A new account's Lambda concurrency quota: AWS raises it with use, or on request. */
export const NEW_ACCOUNT_CONCURRENCY_QUOTA = 10;

/** The context keys the app reads, for the README and for error messages. */
export const SETTING_KEYS = [
  'stage',
  'senderAddress',
  'senderIdentity',
  'siteOrigin',
  'alarmEmail',
  'lambdaConcurrencyQuota',
  'allowMissingSharpLayer',
] as const;

/** The environment variables that carry a deployment setting into the functions. */
const SETTING_VARIABLES = {
  SENDER_ADDRESS: 'senderAddress',
  SITE_URL: 'siteOrigin',
  ALLOWED_ORIGIN: 'siteOrigin',
} as const;

const stage = z
  .string()
  .max(16)
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
const origin = z.string().refine((text) => {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
  } catch {
    return false;
  }
});
/** CLI context values arrive as strings; cdk.json's as JSON values: both are accepted. */
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((text) => text === 'true')]);
const count = z
  .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
  .pipe(z.number().int().min(1));

const EXPECTED: Readonly<Record<(typeof SETTING_KEYS)[number], { schema: z.ZodType; text: string }>> = {
  stage: {
    schema: stage,
    text: 'lower-case letters, digits and single hyphens, at most 16, starting with a letter',
  },
  senderAddress: { schema: z.email(), text: 'an email address' },
  senderIdentity: { schema: z.enum(['create', 'existing']), text: '"create" or "existing"' },
  siteOrigin: { schema: origin, text: 'an origin such as https://myblog.com (scheme and host, no path)' },
  alarmEmail: { schema: z.email(), text: 'an email address' },
  lambdaConcurrencyQuota: {
    schema: count,
    text: 'a positive whole number (Service Quotas: Lambda concurrent executions)',
  },
  allowMissingSharpLayer: { schema: flag, text: 'true or false' },
};

/** The topology's value of a setting variable: the default a deployment starts from. */
function topologySetting(topology: Topology, variable: keyof typeof SETTING_VARIABLES): string | undefined {
  for (const spec of Object.values(topology.functions)) {
    const ref = spec.environment[variable];
    if (ref?.kind === 'setting') return ref.value;
  }
  return undefined;
}

/**
 * The settings from context, each checked, with the topology's values as defaults (so a plain
 * `cdk deploy` deploys what the local runtime runs). `read` is `(key) => node.tryGetContext(key)`.
 */
export function readDeploymentSettings(
  read: (key: string) => unknown,
  topology: Topology,
): DeploymentSettings {
  const value = <T>(key: (typeof SETTING_KEYS)[number], fallback: T): T => {
    const raw = read(key);
    if (raw === undefined || raw === '') return fallback;
    const parsed = EXPECTED[key].schema.safeParse(raw);
    if (!parsed.success) throw new InvalidDeploymentSetting(key, raw, EXPECTED[key].text);
    return parsed.data as T;
  };
  const defaultSender = topologySetting(topology, 'SENDER_ADDRESS');
  const senderAddress = value<string | undefined>('senderAddress', defaultSender);
  if (senderAddress === undefined)
    throw new InvalidDeploymentSetting(
      'senderAddress',
      undefined,
      'an email address (no function has a default)',
    );
  return {
    stage: value('stage', 'prod'),
    senderAddress,
    senderIdentity: value<'create' | 'existing'>('senderIdentity', 'create'),
    siteOrigin: value('siteOrigin', topology.api.allowedOrigin),
    alarmEmail: value<string | undefined>('alarmEmail', undefined),
    lambdaConcurrencyQuota: value('lambdaConcurrencyQuota', NEW_ACCOUNT_CONCURRENCY_QUOTA),
    allowMissingSharpLayer: value('allowMissingSharpLayer', false),
    sharpLayerDir: SHARP_LAYER_DIR,
  };
}

/** The stack's name for a stage: two stages are two stacks side by side. */
export const stackName = (settings: Pick<DeploymentSettings, 'stage'>): string =>
  `MyBlogPipeline-${settings.stage}`;

/** A physical name unique to this project and stage (state machines, the API, alarms). */
export const physicalName = (
  topology: Topology,
  settings: Pick<DeploymentSettings, 'stage'>,
  name: string,
): string => `${topology.project}-${settings.stage}-${name}`;

/**
 * Lambda keeps min(quota, 100) of an account's concurrency unreserved: "You can reserve up to the
 * Unreserved account concurrency value minus 100" (Lambda developer guide, Configuring reserved
 * concurrency); an account below 100 (a new one has 10) can reserve nothing.
 */
export const reservableConcurrency = (quota: number): number => quota - Math.min(quota, 100);

/**
 * The topology with this deployment's settings: the sender and the site in the functions'
 * environment (SENDER_ADDRESS; SITE_URL and ALLOWED_ORIGIN) and the API's allowed origin. Reserved concurrency is kept only when all of it fits
 * what the account may reserve, as a deploy that asks for more is refused by Lambda
 * ("decreases account's UnreservedConcurrentExecution below its minimum value").
 */
export function deployedTopology(
  topology: Topology,
  settings: DeploymentSettings,
): { readonly topology: Topology; readonly unreserved: readonly FunctionName[] } {
  const reservations = Object.values(topology.functions).reduce(
    (sum, spec) => sum + (spec.reservedConcurrency ?? 0),
    0,
  );
  const fits = reservations <= reservableConcurrency(settings.lambdaConcurrencyQuota);
  const unreserved: FunctionName[] = [];
  const functions = Object.fromEntries(
    (Object.entries(topology.functions) as [FunctionName, Topology['functions'][FunctionName]][]).map(
      ([name, spec]) => {
        const environment = Object.fromEntries(
          Object.entries(spec.environment).map(([variable, ref]) => {
            const key = SETTING_VARIABLES[variable as keyof typeof SETTING_VARIABLES] as
              (typeof SETTING_VARIABLES)[keyof typeof SETTING_VARIABLES] | undefined;
            return [
              variable,
              key === undefined || ref.kind !== 'setting' ? ref : { kind: 'setting', value: settings[key] },
            ];
          }),
        );
        const { reservedConcurrency, ...rest } = spec;
        if (reservedConcurrency !== undefined && !fits) unreserved.push(name);
        return [
          name,
          {
            ...rest,
            environment,
            ...(reservedConcurrency !== undefined && fits ? { reservedConcurrency } : {}),
          },
        ];
      },
    ),
  ) as unknown as Topology['functions'];
  return {
    topology: { ...topology, api: { ...topology.api, allowedOrigin: settings.siteOrigin }, functions },
    unreserved,
  };
}
