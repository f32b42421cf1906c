import { StepFunctionsEngine } from '@myblog/sfn-engine';

/**
 * What the server's memory holds for each ended execution it keeps for DescribeExecution and
 * GetExecutionHistory: the heap after `runs` StartSyncExecutions of `definition` keeping 10,000
 * of them, less the heap after the same runs keeping 10, over the 9,990 more kept. In-process,
 * the engine alone (the HTTP layer keeps nothing per execution). Needs `node --expose-gc`.
 */
export async function measureRetainedHeap(definition: string, runs = 20_000): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('Run the benchmark with node --expose-gc (npm run bench does)');
  const heapKeeping = async (retainedExecutions: number): Promise<number> => {
    const engine = new StepFunctionsEngine({ retainedExecutions });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'retained',
      definition,
      roleArn: 'arn:aws:iam::123456789012:role/bench',
      type: 'EXPRESS',
    });
    for (let i = 0; i < runs; i += 1)
      await engine.startSyncExecution({ stateMachineArn, input: '{"order":7}' });
    gc();
    const used = process.memoryUsage().heapUsed;
    // The engine stays reachable until measured.
    return engine.describeStateMachine(stateMachineArn).name === 'retained' ? used : Number.NaN;
  };
  const few = await heapKeeping(10);
  const many = await heapKeeping(10_000);
  return (many - few) / (10_000 - 10);
}
