/** GET /api/offload: what the update server and the edge in front of it have served since start. */
export type OffloadView =
  | { readonly enabled: false }
  | {
      readonly enabled: true;
      /** The edge (CloudFront's /updates/ paths in AWS) and the update server itself (the ALB). */
      readonly edgeUrl: string;
      readonly originUrl: string;
      readonly edge: {
        readonly requests: number;
        readonly hits: number;
        readonly misses: number;
        readonly revalidated: number;
        readonly bytesToClients: number;
        readonly bytesFromOrigin: number;
      };
      readonly origin: { readonly requests: number; readonly bytesServed: number };
      /** CloudFront invalidations carried to the edge. */
      readonly invalidations: number;
    };
