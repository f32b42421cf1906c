/**
 * A distributed Map's ItemReader: where its items come from (an S3 object, read as JSON, JSONL,
 * CSV or an S3 inventory manifest, or an S3 listing) and how that text becomes items.
 */
import { StatesError, StatesItemReaderFailed } from '../../errors';
import type { StateVisit } from '../../execution/frame';
import { type Json, type JsonObject, isObject } from '@myblog/asl';
import type { QueryLanguage } from '../data-flow';
import type { ObjectStore } from './object-store';
import { compileTemplate, type Template } from './template';

/** The ItemReader field, compiled once. */
export interface ItemReader {
  readonly resource: string;
  readonly parameters: Template | undefined;
  readonly config: ReaderConfig;
}

export interface ReaderConfig {
  readonly inputType: string | undefined;
  readonly csvHeaderLocation: string;
  readonly csvHeaders: readonly string[] | undefined;
  readonly csvDelimiter: string;
  readonly maxItems: number | undefined;
}

function readerConfigOf(value: Json | undefined): ReaderConfig {
  const config = isObject(value) ? value : {};
  const delimiters: Record<string, string> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' };
  return {
    inputType: typeof config['InputType'] === 'string' ? config['InputType'] : undefined,
    csvHeaderLocation:
      typeof config['CSVHeaderLocation'] === 'string' ? config['CSVHeaderLocation'] : 'FIRST_ROW',
    csvHeaders: Array.isArray(config['CSVHeaders']) ? config['CSVHeaders'].map(String) : undefined,
    csvDelimiter: delimiters[String(config['CSVDelimiter'] ?? 'COMMA')] ?? ',',
    maxItems: typeof config['MaxItems'] === 'number' ? config['MaxItems'] : undefined,
  };
}

/** One CSV record into fields, honouring double quotes (RFC 4180). */
function csvRecords(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === delimiter) {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** CSV rows as objects keyed by the header; every value stays a string, as the service gives it. */
function parseCsvItems(text: string, config: ReaderConfig): JsonObject[] {
  const records = csvRecords(text, config.csvDelimiter);
  const headers = config.csvHeaderLocation === 'GIVEN' ? (config.csvHeaders ?? []) : (records.shift() ?? []);
  // fromEntries defines each column: a header named __proto__ is a column like any other.
  return records.map((record) => Object.fromEntries(headers.map((header, i) => [header, record[i] ?? ''])));
}

function parseJson(text: string, where: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new StatesItemReaderFailed(`${where} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Turns an object's text into items according to ReaderConfig.InputType. */
function parseItems(text: string, config: ReaderConfig, key: string): Json[] {
  switch (config.inputType) {
    case 'CSV':
      return parseCsvItems(text, config);
    case 'JSONL':
      return text
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
        .map((line, i) => parseJson(line, `Line ${i + 1} of s3 object '${key}'`));
    case 'MANIFEST':
      return parseCsvItems(text, {
        ...config,
        csvHeaderLocation: 'GIVEN',
        csvHeaders: ['Bucket', 'Key', 'VersionId'],
        csvDelimiter: ',',
      }).map((item) => {
        if (item['VersionId'] === '') delete item['VersionId'];
        return item;
      });
    case 'JSON':
    case undefined: {
      const items = parseJson(text, `The s3 object '${key}'`);
      if (!Array.isArray(items))
        throw new StatesItemReaderFailed(
          `The s3 object '${key}' must contain a JSON array, but it holds ${typeof items}`,
        );
      return items;
    }
    default:
      throw new StatesItemReaderFailed(`The ReaderConfig InputType '${config.inputType}' is not supported`);
  }
}

export function compileItemReader(def: JsonObject, language: QueryLanguage): ItemReader | undefined {
  const reader = def['ItemReader'];
  if (!isObject(reader)) return undefined;
  return {
    resource: String(reader['Resource']),
    parameters: compileTemplate(
      reader[language === 'JSONata' ? 'Arguments' : 'Parameters'],
      language,
      'ItemReader',
    ),
    config: readerConfigOf(reader['ReaderConfig']),
  };
}

/**
 * The items the reader finds: the object's items, or the listing's objects, at most MaxItems.
 * What the store fails with becomes States.ItemReaderFailed.
 */
export async function readItems(reader: ItemReader, input: Json, visit: StateVisit): Promise<Json[]> {
  // TestState: the data the reader would find, as its source holds it (a listing as a JSON array).
  const supplied = visit.frame.run.mockedWork?.mapItemReaderData;
  const store = visit.frame.run.services.objects;
  if (store === undefined && supplied === undefined)
    throw new StatesItemReaderFailed('No S3 endpoint is configured for the ItemReader of this Map state');
  const parameters = reader.parameters === undefined ? {} : await reader.parameters(input, visit);
  const params = isObject(parameters) ? parameters : {};
  const bucket = String(params['Bucket'] ?? '');
  const listing = /s3:listObjectsV2$/.test(reader.resource);
  let items: Json[];
  try {
    if (supplied !== undefined) {
      const config = listing ? { ...reader.config, inputType: 'JSON' } : reader.config;
      items = parseItems(supplied, config, String(params['Key'] ?? ''));
    } else if (listing) {
      items = await (store as ObjectStore).listObjects(
        bucket,
        typeof params['Prefix'] === 'string' ? params['Prefix'] : undefined,
      );
    } else {
      const key = String(params['Key'] ?? '');
      items = parseItems(await (store as ObjectStore).getObjectText(bucket, key), reader.config, key);
    }
  } catch (error) {
    if (error instanceof StatesError) throw error;
    throw new StatesItemReaderFailed(`Reading items from s3://${bucket} failed: ${(error as Error).message}`);
  }
  return reader.config.maxItems === undefined ? items : items.slice(0, reader.config.maxItems);
}
