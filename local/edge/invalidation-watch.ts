import {
  type CloudFrontClient,
  GetInvalidationCommand,
  ListInvalidationsCommand,
} from '@aws-sdk/client-cloudfront';

/**
 * Carries the invalidations made through the CloudFront API (the workflow's CreateInvalidation,
 * on moto locally) to the local edge, as CloudFront carries them to its edges: each new one's
 * paths are dropped from the cache once.
 */
export function watchInvalidations(
  cloudfront: CloudFrontClient,
  distributionId: string,
  invalidate: (paths: readonly string[]) => void,
  intervalMs = 500,
): { stop(): void } {
  const seen = new Set<string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const round = async () => {
    const list = await cloudfront.send(new ListInvalidationsCommand({ DistributionId: distributionId }));
    for (const summary of list.InvalidationList?.Items ?? []) {
      if (summary.Id === undefined || seen.has(summary.Id)) continue;
      const one = await cloudfront.send(
        new GetInvalidationCommand({ DistributionId: distributionId, Id: summary.Id }),
      );
      seen.add(summary.Id);
      invalidate(one.Invalidation?.InvalidationBatch?.Paths?.Items ?? []);
    }
  };
  const next = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      round()
        .catch(() => undefined)
        .finally(next);
    }, intervalMs);
    timer.unref();
  };
  next();
  return {
    stop: () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
