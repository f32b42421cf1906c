import { redriveTargets } from '../../local/runtime/redrive';
import { pipeline } from '../../topology/pipeline';

describe('Where each dead-letter queue redrives to', () => {
  test('a queue DLQ goes back to the queue whose redrive policy names it', () => {
    expect(redriveTargets(pipeline).thumbnailJobsDlq).toEqual({ kind: 'queue', queue: 'thumbnailJobs' });
    expect(redriveTargets(pipeline).publishJobsDlq).toEqual({ kind: 'queue', queue: 'publishJobs' });
  });

  test("a Pipe's DLQ goes to the Pipe's workflow, an event source mapping's to its function", () => {
    expect(redriveTargets(pipeline).subscriberEventsDlq).toEqual({ kind: 'pipe', workflow: 'welcomeEmail' });
    expect(redriveTargets(pipeline).releaseAuditDlq).toEqual({ kind: 'function', fn: 'releaseAudit' });
  });

  test('every queue whose name says DLQ has a way back, and no other queue has one', () => {
    const targets = redriveTargets(pipeline);
    for (const queue of Object.keys(pipeline.queues))
      expect([queue, queue in targets]).toEqual([queue, queue.endsWith('Dlq')]);
  });
});
