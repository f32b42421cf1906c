import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { type EdgeCache, type EdgeCounters, startEdgeCache } from '../edge/edge-cache';
import { watchInvalidations } from '../edge/invalidation-watch';
import { type OriginCounters, type OriginProcess, startOriginProcess } from '../edge/origin-process';
import { UPDATE_ORIGIN } from '../../topology/update-origin';

/** What the update origin and the edge in front of it have served, for the dashboard. */
export interface UpdateTraffic {
  readonly edge: EdgeCounters;
  readonly origin: OriginCounters;
  /** CloudFront invalidations (of the workflow, on moto) carried to the edge so far. */
  readonly invalidations: number;
}

/** The update server with its CDN, locally: what serves releases when releaseOrigin is updateServer. */
export interface LocalUpdateOrigin {
  /** The folder the update server reads, and the functions write (UPDATES_VOLUME_PATH). */
  readonly dir: string;
  /** The update server itself: the ALB's address in AWS. */
  readonly originUrl: string;
  /** The edge in front of it: the CloudFront distribution's /updates/ paths in AWS. */
  readonly edgeUrl: string;
  traffic(): UpdateTraffic;
  stop(): Promise<void>;
}

/**
 * Starts the update server (services/update-server, as its own process) on a fresh folder and the
 * local edge in front of it, with the cache behaviors CloudFront gets; the invalidations the
 * workflow makes on the (moto) distribution reach the edge.
 */
export async function startLocalUpdateOrigin(options: {
  readonly cloudfront: CloudFrontClient;
  readonly distributionId: string;
  readonly dir?: string;
  readonly log?: (line: string) => void;
}): Promise<LocalUpdateOrigin> {
  const owned = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'myblog-updates-'));
  let origin: OriginProcess | undefined;
  let edge: EdgeCache | undefined;
  let watch: { stop(): void } | undefined;
  const stop = async () => {
    watch?.stop();
    await edge?.close();
    await origin?.stop();
    if (owned) rmSync(dir, { recursive: true, force: true });
  };
  try {
    origin = await startOriginProcess(dir, {
      latestMaxAgeSeconds: UPDATE_ORIGIN.latestMaxAgeSeconds,
      ...(options.log === undefined ? {} : { log: options.log }),
    });
    edge = await startEdgeCache({
      origin: origin.url,
      cacheDir: mkdtempSync(join(tmpdir(), 'myblog-edge-')),
      behaviors: UPDATE_ORIGIN.behaviors,
      defaultBehavior: UPDATE_ORIGIN.defaultBehavior,
    });
    const cache = edge;
    let invalidations = 0;
    watch = watchInvalidations(options.cloudfront, options.distributionId, (paths) => {
      cache.invalidate(paths);
      invalidations += 1;
    });
    const server = origin;
    return {
      dir,
      originUrl: server.url,
      edgeUrl: cache.url,
      traffic: () => ({ edge: cache.counters(), origin: server.counters(), invalidations }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
