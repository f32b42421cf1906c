import { StatesResultWriterFailed } from '../../errors';
import type { ExecutionResult } from '../../execution/contracts';
import type { StateVisit } from '../../execution/frame';
import { type Json, type JsonObject, isObject, jsonByteLength } from '@myblog/asl';
import type { QueryLanguage } from '../data-flow';
import { compileTemplate, type Template } from './template';

/** The ResultWriter field, compiled once. */
export interface ResultWriter {
  readonly parameters: Template | undefined;
}

/** What the map run hands the writer: its ARN and ID, and each child's input, name and result. */
export interface MapRunResults {
  readonly mapRunArn: string;
  readonly mapRunId: string;
  readonly childInputs: readonly Json[];
  readonly children: readonly { readonly arn: string; readonly name: string }[];
  readonly results: readonly ExecutionResult[];
}

export function compileResultWriter(def: JsonObject, language: QueryLanguage): ResultWriter | undefined {
  const writer = def['ResultWriter'];
  if (!isObject(writer)) return undefined;
  return {
    parameters: compileTemplate(
      writer[language === 'JSONata' ? 'Arguments' : 'Parameters'],
      language,
      'ResultWriter',
    ),
  };
}

/**
 * The children's results written to S3 as the service lays them out: under `Prefix/MAP_RUN_ID/`,
 * SUCCEEDED_0.json and FAILED_0.json (each only when it has entries) and manifest.json naming
 * them. The state's result is then where the manifest is, not the children's outputs.
 */
export async function writeResults(
  writer: ResultWriter,
  input: Json,
  visit: StateVisit,
  run: MapRunResults,
): Promise<Json> {
  const store = visit.frame.run.services.objects;
  if (store === undefined)
    throw new StatesResultWriterFailed('No S3 endpoint is configured for the ResultWriter of this Map state');
  const parameters = writer.parameters === undefined ? {} : await writer.parameters(input, visit);
  const params = isObject(parameters) ? parameters : {};
  const bucket = String(params['Bucket'] ?? '');
  const prefix =
    typeof params['Prefix'] === 'string' && params['Prefix'] !== ''
      ? `${params['Prefix'].replace(/\/$/, '')}/`
      : '';
  const base = `${prefix}${run.mapRunId}`;
  const entries = run.results.map((result, index) => {
    const child = run.children[index] as { arn: string; name: string };
    return {
      ExecutionArn: child.arn,
      Input: JSON.stringify(run.childInputs[index]),
      InputDetails: { Included: true },
      Name: child.name,
      ...(result.status === 'SUCCEEDED'
        ? { Output: JSON.stringify(result.output), OutputDetails: { Included: true } }
        : { Error: result.error, Cause: result.cause }),
      Status: result.status,
    };
  });
  const succeeded = entries.filter((e) => e.Status === 'SUCCEEDED');
  const failed = entries.filter((e) => e.Status !== 'SUCCEEDED');
  const files: { key: string; entries: typeof entries; status: string }[] = [];
  if (succeeded.length > 0)
    files.push({ key: `${base}/SUCCEEDED_0.json`, entries: succeeded, status: 'SUCCEEDED' });
  if (failed.length > 0) files.push({ key: `${base}/FAILED_0.json`, entries: failed, status: 'FAILED' });
  const manifestKey = `${base}/manifest.json`;
  try {
    for (const file of files) await store.putObjectText(bucket, file.key, JSON.stringify(file.entries));
    const manifest = {
      DestinationBucket: bucket,
      MapRunArn: run.mapRunArn,
      ResultFiles: {
        FAILED: files
          .filter((f) => f.status === 'FAILED')
          .map((f) => ({ Key: f.key, Size: jsonByteLength(f.entries) })),
        PENDING: [],
        SUCCEEDED: files
          .filter((f) => f.status === 'SUCCEEDED')
          .map((f) => ({ Key: f.key, Size: jsonByteLength(f.entries) })),
      },
    };
    await store.putObjectText(bucket, manifestKey, JSON.stringify(manifest));
  } catch (error) {
    throw new StatesResultWriterFailed(
      `Writing results to s3://${bucket}/${base} failed: ${(error as Error).message}`,
    );
  }
  return { MapRunArn: run.mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } };
}
