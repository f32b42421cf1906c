/**
 * What a deployed stack costs a month with no traffic at all, read from its template: the
 * resources billed by the hour or the month whatever happens. Everything else here bills per use
 * (Lambda, Step Functions, Pipes, SQS, SNS, on-demand DynamoDB, CloudFront, API calls) or per GB
 * stored (S3, DynamoDB and its backups, logs). Pure: no CDK, no I/O.
 *
 * Prices are us-east-1's list prices in USD from each service's pricing page; a month is 730
 * hours. A resource whose price is not in this table fails loudly rather than be counted as free.
 */
const HOURS_PER_MONTH = 730;

export const US_EAST_1 = {
  /** Kinesis Data Streams, provisioned mode: per shard-hour. */
  kinesisShardHour: 0.015,
  /** KMS: per customer managed key and month (each automatic rotation adds $1, for two rotations). */
  kmsKeyMonth: 1,
  /** CloudWatch: per standard-resolution alarm metric and month. */
  alarmMonth: 0.1,
  /** API Gateway REST cache, per hour, by cache size in GB. */
  apiCacheHour: { '0.5': 0.02 } as Readonly<Record<string, number>>,
  /** AWS WAF: per web ACL and month, and per rule (a managed rule group is one) and month. */
  webAclMonth: 5,
  wafRuleMonth: 1,
} as const;

export interface IdleCost {
  readonly what: string;
  readonly count: number;
  readonly monthlyUsd: number;
}

type Template = {
  readonly Resources: Readonly<Record<string, { Type: string; Properties?: Record<string, unknown> }>>;
};

/** The resources billed while idle, one line per kind, in USD a month. */
export function idleMonthlyCost(template: Template, prices = US_EAST_1): IdleCost[] {
  const resources = Object.values(template.Resources);
  const ofType = (type: string) => resources.filter((resource) => resource.Type === type);
  const round = (usd: number) => Math.round(usd * 100) / 100;
  const lines: IdleCost[] = [];

  const streams = ofType('AWS::Kinesis::Stream');
  const shards = streams.reduce((sum, stream) => {
    const mode = (stream.Properties?.['StreamModeDetails'] as { StreamMode?: string } | undefined)
      ?.StreamMode;
    if (mode === 'ON_DEMAND')
      throw new Error('An on-demand Kinesis stream: its hourly price is not in the table');
    return sum + Number(stream.Properties?.['ShardCount'] ?? 1);
  }, 0);
  if (shards > 0)
    lines.push({
      what: 'Kinesis shards',
      count: shards,
      monthlyUsd: round(shards * prices.kinesisShardHour * HOURS_PER_MONTH),
    });

  const keys = ofType('AWS::KMS::Key').length;
  if (keys > 0) lines.push({ what: 'KMS keys', count: keys, monthlyUsd: round(keys * prices.kmsKeyMonth) });

  const alarms = ofType('AWS::CloudWatch::Alarm').length;
  if (alarms > 0)
    lines.push({ what: 'CloudWatch alarms', count: alarms, monthlyUsd: round(alarms * prices.alarmMonth) });

  const caches = ofType('AWS::ApiGateway::Stage').filter(
    (stage) => stage.Properties?.['CacheClusterEnabled'] === true,
  );
  if (caches.length > 0) {
    const monthly = caches.reduce((sum, stage) => {
      const size = String(stage.Properties?.['CacheClusterSize'] ?? '0.5');
      const hourly = prices.apiCacheHour[size];
      if (hourly === undefined)
        throw new Error(`An API Gateway cache of ${size} GB: its hourly price is not in the table`);
      return sum + hourly * HOURS_PER_MONTH;
    }, 0);
    lines.push({ what: 'API Gateway caches', count: caches.length, monthlyUsd: round(monthly) });
  }

  const acls = ofType('AWS::WAFv2::WebACL');
  if (acls.length > 0) {
    const rules = acls.reduce(
      (sum, acl) => sum + ((acl.Properties?.['Rules'] as unknown[] | undefined)?.length ?? 0),
      0,
    );
    lines.push({
      what: `WAF web ACLs (${rules} rules)`,
      count: acls.length,
      monthlyUsd: round(acls.length * prices.webAclMonth + rules * prices.wafRuleMonth),
    });
  }
  return lines;
}
