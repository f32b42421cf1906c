import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * CloudFront in front of the distribution bucket, reaching it only through Origin Access Control.
 * Versioned release files never change, so they are cached for a year; `latest.json` moves with
 * each release, so it is cached for a minute. Downloads hit the edge, not the bucket.
 */
export class ReleaseDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;

  constructor(
    scope: Construct,
    id: string,
    bucket: s3.IBucket,
    logBucket: s3.IBucket,
    /** Paths served by another origin: the update server's /updates/ (releaseOrigin updateServer). */
    otherBehaviors: Record<string, cloudfront.BehaviorOptions> = {},
  ) {
    super(scope, id);
    const origin = origins.S3BucketOrigin.withOriginAccessControl(bucket);
    const immutable = new cloudfront.CachePolicy(this, 'ImmutableFiles', {
      comment: 'Versioned release files: cached for a year',
      defaultTtl: Duration.days(365),
      minTtl: Duration.days(1),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const pointer = new cloudfront.CachePolicy(this, 'LatestPointer', {
      comment: 'The latest.json pointer: cached for a minute',
      defaultTtl: Duration.seconds(60),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(60),
      enableAcceptEncodingGzip: true,
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'MyBlog release downloads',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        cachePolicy: immutable,
      },
      additionalBehaviors: {
        ...otherBehaviors,
        'releases/latest.json': {
          origin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          cachePolicy: pointer,
        },
      },
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    });
  }
}
