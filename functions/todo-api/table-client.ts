import { DynamoDB } from '@aws-sdk/client-dynamodb';
import type { TableClient } from './aws-store';

/**
 * Where the API's item reads and writes go, from DAX_ENDPOINT:
 * - `dax://` or `daxs://` (the cluster's discovery endpoint, `daxs` when encrypted in transit):
 *   through DAX, whose item cache answers GetItem and is written through by the API's own writes,
 *   and whose query cache answers Query for its TTL;
 * - an `http(s)://` address: a DynamoDB-compatible endpoint (locally, the read-through cache that
 *   plays DAX in front of moto);
 * - empty: DynamoDB itself. That is the fallback: with DAX off (no cluster deployed, or a cluster
 *   being replaced) every read is a DynamoDB read, correct and only slower.
 * The DAX client is loaded only when used (it speaks DAX's own protocol from the VPC).
 */
export async function tableClient(daxEndpoint: string, region: string | undefined): Promise<TableClient> {
  if (/^daxs?:\/\//.test(daxEndpoint)) {
    const { Dax } = await import('@amazon-dax-sdk/client-dax');
    return new Dax({ endpoint: daxEndpoint, ...(region === undefined ? {} : { region }) });
  }
  return new DynamoDB(daxEndpoint === '' ? {} : { endpoint: daxEndpoint });
}
