import type { JsonObject } from '../../packages/asl/src/json';
import type { ObjectStore } from '../../packages/sfn-engine/src/states/map/object-store';
import { engineWith, fn, runDefinition } from './harness';

/** S3 as a map of "bucket/key" to text, enough for ItemReader and ResultWriter. */
class MemoryObjects implements ObjectStore {
  readonly objects = new Map<string, string>();
  getObjectText(bucket: string, key: string): Promise<string> {
    const text = this.objects.get(`${bucket}/${key}`);
    return text === undefined ? Promise.reject(new Error(`NoSuchKey: ${key}`)) : Promise.resolve(text);
  }
  listObjects(bucket: string, prefix: string | undefined): Promise<JsonObject[]> {
    return Promise.resolve(
      [...this.objects.entries()]
        .filter(([path]) => path.startsWith(`${bucket}/${prefix ?? ''}`))
        .map(([path, text]) => ({ Key: path.slice(bucket.length + 1), Size: text.length })),
    );
  }
  putObjectText(bucket: string, key: string, body: string): Promise<void> {
    this.objects.set(`${bucket}/${key}`, body);
    return Promise.resolve();
  }
}

const processor = (states: JsonObject, startAt = 'P'): JsonObject => ({
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: startAt,
  States: states,
});
const passThrough = processor({ P: { Type: 'Pass', End: true } });
const failOdd = processor(
  {
    C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'F' }], Default: 'Ok' },
    F: { Type: 'Fail', Error: 'Odd' },
    Ok: { Type: 'Succeed' },
  },
  'C',
);

async function run(map: JsonObject, input: JsonObject = {}, objects = new MemoryObjects()) {
  const engine = engineWith({}, { objects });
  return {
    ...(await runDefinition(
      { StartAt: 'M', States: { M: { Type: 'Map', End: true, ...map } } },
      input,
      {},
      engine,
    )),
    objects,
  };
}

describe('Distributed Map', () => {
  test('runs each item as a child execution and records the map run', async () => {
    const { engine, execution } = await run(
      { ItemsPath: '$.list', ItemProcessor: passThrough, Label: 'items' },
      { list: [1, 2, 3] },
    );
    expect(JSON.parse(execution.output as string)).toEqual([1, 2, 3]);
    const types = engine.getExecutionHistory(execution.executionArn).map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    const mapRunArn = (
      engine.getExecutionHistory(execution.executionArn)[3]?.['mapRunStartedEventDetails'] as {
        mapRunArn: string;
      }
    ).mapRunArn;
    expect(mapRunArn).toMatch(/:mapRun:conformance-\d+\/items:/);
    expect(engine.listExecutions({ mapRunArn })).toHaveLength(3);
  });

  test('reads JSON items from S3 with ItemReader', async () => {
    const objects = new MemoryObjects();
    await objects.putObjectText('data', 'items.json', JSON.stringify([{ id: 'a' }, { id: 'b' }]));
    const { execution } = await run(
      {
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSON' },
          Parameters: { Bucket: 'data', Key: 'items.json' },
        },
        ItemProcessor: passThrough,
      },
      {},
      objects,
    );
    expect(JSON.parse(execution.output as string)).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  /** A distributed Map over the rows of a CSV object with a header row, each item passed through. */
  const mapOverCsv = async (text: string) => {
    const objects = new MemoryObjects();
    await objects.putObjectText('data', 'rows.csv', text);
    const { execution } = await run(
      {
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
          Parameters: { Bucket: 'data', Key: 'rows.csv' },
        },
        ItemProcessor: passThrough,
      },
      {},
      objects,
    );
    return execution;
  };

  test('reads CSV rows with their header as string fields', async () => {
    const execution = await mapOverCsv('name,size\n"Smith, J",3\nLee,4\n');
    expect(JSON.parse(execution.output as string)).toEqual([
      { name: 'Smith, J', size: '3' },
      { name: 'Lee', size: '4' },
    ]);
  });

  test('reads a CSV column headed __proto__ as a column like any other', async () => {
    const execution = await mapOverCsv('__proto__,size\nx,3\n');
    expect(execution.output).toBe('[{"__proto__":"x","size":"3"}]');
  });

  test('reads JSONL and honours MaxItems', async () => {
    const objects = new MemoryObjects();
    await objects.putObjectText('data', 'lines.jsonl', '{"n":1}\n{"n":2}\n{"n":3}\n');
    const { execution } = await run(
      {
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSONL', MaxItems: 2 },
          Parameters: { Bucket: 'data', Key: 'lines.jsonl' },
        },
        ItemProcessor: passThrough,
      },
      {},
      objects,
    );
    expect(JSON.parse(execution.output as string)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  test('lists objects with s3:listObjectsV2', async () => {
    const objects = new MemoryObjects();
    await objects.putObjectText('photos', 'in/a.jpg', 'x');
    await objects.putObjectText('photos', 'out/b.jpg', 'y');
    const { execution } = await run(
      {
        ItemReader: {
          Resource: 'arn:aws:states:::s3:listObjectsV2',
          Parameters: { Bucket: 'photos', Prefix: 'in/' },
        },
        ItemProcessor: passThrough,
      },
      {},
      objects,
    );
    expect(JSON.parse(execution.output as string)).toEqual([{ Key: 'in/a.jpg', Size: 1 }]);
  });

  test('a missing object is States.ItemReaderFailed', async () => {
    const { execution } = await run({
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        Parameters: { Bucket: 'data', Key: 'none.json' },
      },
      ItemProcessor: passThrough,
    });
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.ItemReaderFailed' });
  });

  test('ItemBatcher groups items with BatchInput', async () => {
    const { execution } = await run(
      {
        ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'job.$': '$.job' } },
        ItemsPath: '$.list',
        ItemProcessor: passThrough,
      },
      { job: 'j1', list: [1, 2, 3] },
    );
    expect(JSON.parse(execution.output as string)).toEqual([
      { Items: [1, 2], BatchInput: { job: 'j1' } },
      { Items: [3], BatchInput: { job: 'j1' } },
    ]);
  });

  test('failures within ToleratedFailureCount still succeed', async () => {
    const { execution } = await run(
      { ItemsPath: '$.items', ToleratedFailureCount: 1, ItemProcessor: failOdd },
      { items: [{ n: 1 }, { n: 2 }, { n: 3 }] },
    );
    expect(execution.status).toBe('SUCCEEDED');
  });

  test('failures beyond the tolerance are States.ExceedToleratedFailureThreshold', async () => {
    const { engine, execution } = await run(
      { ItemsPath: '$.items', ToleratedFailurePercentage: 40, ItemProcessor: failOdd },
      { items: [{ n: 1 }, { n: 1 }, { n: 2 }] },
    );
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    expect(engine.getExecutionHistory(execution.executionArn).map((e) => e.type)).toContain('MapRunFailed');
  });

  test('a failed item within tolerance appears as its error output', async () => {
    const { execution } = await run(
      { ItemsPath: '$.items', ToleratedFailureCount: 1, ItemProcessor: failOdd },
      { items: [{ n: 1 }, { n: 2 }] },
    );
    expect(JSON.parse(execution.output as string)).toEqual([{ Error: 'Odd', Cause: '' }, { n: 2 }]);
  });

  test('ResultWriter writes a manifest and result files to S3', async () => {
    const { execution, objects } = await run(
      {
        ItemsPath: '$.items',
        ResultWriter: {
          Resource: 'arn:aws:states:::s3:putObject',
          Parameters: { Bucket: 'results', Prefix: 'runs' },
        },
        ItemProcessor: passThrough,
      },
      { items: [1, 2] },
    );
    const output = JSON.parse(execution.output as string) as {
      ResultWriterDetails: { Bucket: string; Key: string };
    };
    expect(output.ResultWriterDetails.Bucket).toBe('results');
    const manifest = JSON.parse(await objects.getObjectText('results', output.ResultWriterDetails.Key)) as {
      ResultFiles: { SUCCEEDED: { Key: string }[] };
    };
    const succeeded = JSON.parse(
      await objects.getObjectText('results', manifest.ResultFiles.SUCCEEDED[0]?.Key as string),
    ) as JsonObject[];
    expect(succeeded.map((entry) => entry['Output'])).toEqual(['1', '2']);
  });

  test('ResultWriter with no S3 configured is States.ResultWriterFailed', async () => {
    const engine = engineWith();
    const { execution } = await runDefinition(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ResultWriter: {
              Resource: 'arn:aws:states:::s3:putObject',
              Parameters: { Bucket: 'b', Prefix: 'p' },
            },
            ItemProcessor: passThrough,
            End: true,
          },
        },
      },
      [1],
      {},
      engine,
    );
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.ResultWriterFailed' });
  });

  test('ToleratedFailureCount is refused on an inline Map', () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ToleratedFailureCount: 1,
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    expect(() => engineWith().createStateMachine({ name: 'm', definition })).toThrow(
      "Field 'ToleratedFailureCount' is not supported at /States/M",
    );
  });
  test('StopExecution on a child execution stops that child (ABORTED), and the map run counts it', async () => {
    // A task that answers only when its invocation is aborted.
    const hang = (_: unknown, invocation: { signal: AbortSignal }) =>
      new Promise<never>((_resolve, reject) =>
        invocation.signal.addEventListener('abort', () => reject(invocation.signal.reason as Error)),
      );
    const engine = engineWith({ [fn('hang')]: hang });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'stop-a-child',
      definition: {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            End: true,
            ItemsPath: '$.list',
            ItemProcessor: processor({ P: { Type: 'Task', Resource: fn('hang'), End: true } }),
          },
        },
      },
    });
    const { executionArn } = engine.startExecution({ stateMachineArn, input: '{"list":[1]}' });
    let childArn: string | undefined;
    while (childArn === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const mapRun = engine.listMapRuns(executionArn)[0];
      if (mapRun !== undefined) childArn = engine.listExecutions({ mapRunArn: mapRun.arn })[0]?.executionArn;
    }
    engine.stopExecution(childArn);
    const parent = await engine.waitForExecution(executionArn);
    expect(engine.describeExecution(childArn).status).toBe('ABORTED');
    expect(parent).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
  });
});
