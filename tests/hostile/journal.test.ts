import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StopExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { RealClock } from '../../packages/sfn-engine/src/clock';
import { StepFunctionsEngine } from '../../packages/sfn-engine/src/engine';
import {
  type JournalFileSystem,
  nodeFileSystem,
} from '../../packages/sfn-engine/src/service/journal/file-system';
import { RESUME_INTERRUPTED } from '../../packages/sfn-engine/src/service/journal/interrupted-resume';
import { JournalFile } from '../../packages/sfn-engine/src/service/journal/journal-file';
import type { JsonObject } from '../../packages/asl/src/json';
import {
  startLocalStepFunctions,
  type LocalStepFunctions,
} from '../../packages/stepfunctions-local/src/server';

// The data dir's journal against what a disk, a crash or a person can do to it (docs/bad-and-hostile-input.md: Hostile
// input): damage is skipped record by record with a warning, an execution whose resume brought
// the server down is not resumed again, and a full disk refuses changes by name while reads go on.

const PASS: JsonObject = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
/** Waits an hour: an execution that is running whenever the test looks (each test stops it). */
const WAITS: JsonObject = { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } } };
const ROLE = 'arn:aws:iam::123456789012:role/test';

const ENOSPC = () =>
  Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
    errno: -28,
    syscall: 'write',
  });

/**
 * node:fs as the journal uses it, with a disk that can be made full (every write fails with
 * ENOSPC, or only after `room` more bytes), and a kill: from then on nothing reaches the file,
 * as for a process killed with SIGKILL, and its files are closed.
 */
class Disk implements JournalFileSystem {
  full = false;
  room: number | undefined;
  private dead = false;
  private readonly open = new Set<number>();

  openSync(path: string, flags: 'a' | 'r+' | 'w'): number {
    const fd = nodeFileSystem.openSync(path, flags);
    this.open.add(fd);
    return fd;
  }
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number {
    if (this.dead) return length;
    if (this.full) throw ENOSPC();
    if (this.room === undefined) return nodeFileSystem.writeSync(fd, buffer, offset, length);
    const fits = Math.min(length, this.room);
    if (fits === 0) throw ENOSPC();
    this.room -= fits;
    return nodeFileSystem.writeSync(fd, buffer, offset, fits);
  }
  fsyncSync(fd: number): void {
    if (!this.dead) nodeFileSystem.fsyncSync(fd);
  }
  ftruncateSync(fd: number, length: number): void {
    if (!this.dead) nodeFileSystem.ftruncateSync(fd, length);
  }
  closeSync(fd: number): void {
    if (this.open.delete(fd)) nodeFileSystem.closeSync(fd);
  }
  renameSync(from: string, to: string): void {
    if (!this.dead) nodeFileSystem.renameSync(from, to);
  }
  rmSync(path: string): void {
    if (!this.dead) nodeFileSystem.rmSync(path);
  }
  writeFileSync(path: string, text: string): void {
    if (this.dead) return;
    if (this.full) throw ENOSPC();
    nodeFileSystem.writeFileSync(path, text);
  }
  /** What SIGKILL does to the journal: nothing more is written, and its files close. */
  kill(): void {
    this.dead = true;
    for (const fd of this.open) nodeFileSystem.closeSync(fd);
    this.open.clear();
  }
}

const dirs: string[] = [];
const dataDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-journal-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Whatever a test starts is stopped here, even when it fails. */
const stops: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** An engine over the journal in `dir`, as the server builds it, stopped after the test. */
function openEngine(dir: string, disk?: Disk) {
  const opened = JournalFile.open(dir, 100, disk === undefined ? {} : { fileSystem: disk });
  const engine = new StepFunctionsEngine({ journal: opened.journal, clock: new RealClock() });
  const resumed = engine.restore(opened.snapshot);
  stops.push(() => {
    for (const execution of engine.listExecutions({ statusFilter: 'RUNNING' }))
      engine.stopExecution(execution.executionArn);
    opened.journal.close();
  });
  return { engine, resumed, journal: opened.journal, warnings: opened.warnings };
}

/** The server on a free port over `dir`, with an SDK client that does not retry. */
async function serve(dir: string, options: { disk?: Disk; resumeProbationMs?: number } = {}) {
  const logs: string[] = [];
  const server: LocalStepFunctions = await startLocalStepFunctions({
    port: 0,
    dataDir: dir,
    target: { region: 'us-east-1', accountId: '123456789012', endpoints: {} },
    log: (line) => logs.push(line),
    ...(options.disk === undefined ? {} : { dataDirFileSystem: options.disk }),
    ...(options.resumeProbationMs === undefined ? {} : { resumeProbationMs: options.resumeProbationMs }),
  });
  const sfn = new SFNClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    maxAttempts: 1,
  });
  let stopped: Promise<void> | undefined;
  /**
   * Stops the server as a restart does: the journal is closed first, so executions still running
   * stay running in the data dir; then they are stopped in memory, so no timer outlives the test.
   */
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      sfn.destroy();
      await server.close();
      for (const execution of server.engine.listExecutions({ statusFilter: 'RUNNING' }))
        server.engine.stopExecution(execution.executionArn);
    })());
  stops.push(stop);
  return { server, sfn, logs, stop };
}

/** Two state machines and a finished execution of each, journaled in `dir`. */
async function journalOfTwo(dir: string): Promise<{ lines: string[]; executions: string[] }> {
  const { engine, journal } = openEngine(dir);
  const executions: string[] = [];
  for (const name of ['first', 'second']) {
    const { stateMachineArn } = engine.createStateMachine({ name, definition: PASS });
    executions.push((await engine.startSyncExecution({ stateMachineArn, input: { name } })).executionArn);
  }
  journal.close();
  return { lines: readFileSync(join(dir, 'journal.jsonl'), 'utf8').trimEnd().split('\n'), executions };
}

const rewriteJournal = (dir: string, lines: string[]): void =>
  writeFileSync(join(dir, 'journal.jsonl'), `${lines.join('\n')}\n`);

/** The caught error of a promise that must fail. */
async function failure(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('it succeeded');
}

describe('a damaged journal is salvaged record by record', () => {
  test('a byte flipped mid-file skips that record with a warning naming the file, the line and what was lost; the rest is kept, and so is the damaged file', async () => {
    const dir = dataDir();
    const { lines, executions } = await journalOfTwo(dir);
    // Line 1 is the first machine: one byte of its JSON becomes another.
    rewriteJournal(dir, [lines[0]!.replace('"kind":"machine"', '"kind":"machine"\u0001'), ...lines.slice(1)]);

    const { engine, warnings } = openEngine(dir);
    expect(engine.listStateMachines().map((m) => m.name)).toEqual(['second']);
    expect(executions.map((arn) => engine.describeExecution(arn).status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(warnings[0]).toMatch(
      /journal\.jsonl:1: not JSON .*; skipped, lost: the state machine arn:aws:states:us-east-1:123456789012:stateMachine:first/,
    );
    expect(warnings.at(-1)).toMatch(/the journal as it was is kept as .*journal\.jsonl\.damaged-/);
    const kept = readdirSync(dir).find((name) => name.startsWith('journal.jsonl.damaged-'));
    expect(readFileSync(join(dir, kept!), 'utf8')).toContain('\u0001');
  });

  test('a null line, a record of unknown kind and a status the service has not are each skipped by name, not a TypeError, not silent, not served', async () => {
    const dir = dataDir();
    const { lines, executions } = await journalOfTwo(dir);
    const ended = lines.findIndex((line) => line.includes('"kind":"execution-ended"'));
    const badStatus = lines[ended]!.replace('"status":"SUCCEEDED"', '"status":"EXPLODED"');
    rewriteJournal(dir, [
      'null',
      ...lines.slice(0, ended),
      badStatus,
      '{"kind":"teleport","arn":"arn:aws:states:us-east-1:123456789012:stateMachine:first"}',
      ...lines.slice(ended + 1),
    ]);

    const { engine, warnings } = openEngine(dir);
    expect(warnings.slice(0, 3)).toEqual([
      expect.stringMatching(
        /journal\.jsonl:1: not a journal record .*; skipped, lost: a record whose kind cannot be read/,
      ),
      expect.stringMatching(
        new RegExp(
          `journal\\.jsonl:${ended + 2}: not a journal record \\(result\\.status: .*\\); skipped, lost: the end of the execution`,
        ),
      ),
      expect.stringMatching(
        new RegExp(`journal\\.jsonl:${ended + 3}: .*a record of unknown kind 'teleport'`),
      ),
    ]);
    const statuses = engine.listExecutions().map((e) => e.status);
    expect(statuses.every((status) => ['RUNNING', 'SUCCEEDED'].includes(status))).toBe(true);
    expect(engine.describeExecution(executions[1]!).status).toBe('SUCCEEDED');
  });

  test('records of an execution whose start record was lost are skipped with one warning for that execution, naming its lines', async () => {
    const dir = dataDir();
    const { lines, executions } = await journalOfTwo(dir);
    const started = lines.findIndex((line) => line.includes('"kind":"execution-started"'));
    rewriteJournal(dir, [
      ...lines.slice(0, started),
      '{"kind":"execution-started",',
      ...lines.slice(started + 1),
    ]);

    const { engine, warnings } = openEngine(dir);
    expect(() => engine.describeExecution(executions[0]!)).toThrow('Execution Does Not Exist');
    expect(engine.describeExecution(executions[1]!).status).toBe('SUCCEEDED');
    const orphans = warnings.filter((w) => w.includes('whose start record is missing'));
    expect(orphans).toEqual([
      expect.stringMatching(
        new RegExp(
          `journal\\.jsonl:${started + 2}-\\d+: \\d+ records of the execution ${executions[0]!}, whose start record is missing`,
        ),
      ),
    ]);
  });

  test('a state machine whose definition was changed into one that does not compile is left out with a warning; the rest is restored', async () => {
    const dir = dataDir();
    const { lines } = await journalOfTwo(dir);
    rewriteJournal(dir, [lines[0]!.replace('\\"End\\":true', '\\"Next\\":\\"Nowhere\\"'), ...lines.slice(1)]);

    const { engine, warnings } = openEngine(dir);
    expect(engine.listStateMachines().map((m) => m.name)).toEqual(['second']);
    expect(warnings[0]).toMatch(/stateMachine:first has a definition that does not compile .*; left out/);
  });

  test('a state machine accepted when it was created but refused by the checks now (a loop with no terminal state) is kept, with a note saying so', async () => {
    const dir = dataDir();
    const { lines } = await journalOfTwo(dir);
    const loop = JSON.stringify({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } },
    });
    const machine = JSON.parse(lines[0]!) as Record<string, unknown>;
    rewriteJournal(dir, [JSON.stringify({ ...machine, definition: loop }), ...lines.slice(1)]);

    const { engine, warnings } = openEngine(dir);
    expect(engine.listStateMachines().map((m) => m.name)).toEqual(['first', 'second']);
    expect(engine.describeStateMachine(machine['arn'] as string).definition).toBe(loop);
    expect(warnings).toEqual([
      expect.stringMatching(
        /stateMachine:first was accepted when it was created and is kept, though it would be refused now: Workflow has no terminal state/,
      ),
    ]);
  });

  test('a data dir never becomes unusable: a journal of random bytes and an empty lock file start empty, with warnings, and take new work', async () => {
    const dir = dataDir();
    writeFileSync(
      join(dir, 'journal.jsonl'),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    );
    // A lock file a kill left empty reads as pid 0, which is not another server.
    writeFileSync(join(dir, 'server.pid'), '');

    const { engine, warnings } = openEngine(dir);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((w) => w.includes('journal.jsonl'))).toBe(true);
    const { stateMachineArn } = engine.createStateMachine({ name: 'fresh', definition: PASS });
    expect((await engine.startSyncExecution({ stateMachineArn })).status).toBe('SUCCEEDED');
  });
});

describe('an execution whose resume brought the server down', () => {
  test('is failed with StepFunctionsLocal.ResumeInterrupted on the next start instead of being resumed again, and can be redriven on purpose', async () => {
    const dir = dataDir();
    const first = await serve(dir);
    const { stateMachineArn } = await first.sfn.send(
      new CreateStateMachineCommand({ name: 'holds', definition: JSON.stringify(WAITS), roleArn: ROLE }),
    );
    const { executionArn = '' } = await first.sfn.send(
      new StartExecutionCommand({ stateMachineArn, input: '{}' }),
    );
    await first.stop();

    // The second server resumes it, and is killed before the resume has run its probation: as
    // a server hung or crashed by that resume would be.
    const disk = new Disk();
    const opened = JournalFile.open(dir, 100, { fileSystem: disk });
    const engine = new StepFunctionsEngine({ journal: opened.journal });
    stops.push(() => opened.journal.close());
    opened.journal.resuming([executionArn]);
    expect(engine.restore(opened.snapshot)).toEqual([executionArn]);
    disk.kill();
    engine.stopExecution(executionArn);

    const third = await serve(dir);
    expect(third.server.resumed).toEqual([]);
    const described = await third.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({
      status: 'FAILED',
      error: RESUME_INTERRUPTED,
      redriveStatus: 'REDRIVABLE',
    });
    expect(described.cause).toMatch(/RedriveExecution runs it again from the state 'Hold'/);
    const { events } = await third.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }),
    );
    expect(events?.[0]).toMatchObject({
      type: 'ExecutionFailed',
      executionFailedEventDetails: { error: RESUME_INTERRUPTED },
    });
    expect(third.logs.join('\n')).toMatch(
      new RegExp(
        `journal: .*journal\\.jsonl: the execution ${executionArn} was being resumed when the server stopped: failed with ${RESUME_INTERRUPTED}`,
      ),
    );
  });

  test('a resume that survived its probation, or a server stopped on purpose, is resumed again at the next start', async () => {
    const dir = dataDir();
    const first = await serve(dir);
    const { stateMachineArn } = await first.sfn.send(
      new CreateStateMachineCommand({ name: 'holds', definition: JSON.stringify(WAITS), roleArn: ROLE }),
    );
    const { executionArn } = await first.sfn.send(
      new StartExecutionCommand({ stateMachineArn, input: '{}' }),
    );
    await first.stop();
    // Stopped on purpose within the probation: it was answering, so the resume is not to blame.
    const second = await serve(dir, { resumeProbationMs: 3_600_000 });
    expect(second.server.resumed).toEqual([executionArn]);
    await second.stop();
    // Resumed, it runs past its probation, then the server is killed: it is resumed again.
    const disk = new Disk();
    const third = await serve(dir, { disk, resumeProbationMs: 0 });
    expect(third.server.resumed).toEqual([executionArn]);
    const journal = join(dir, 'journal.jsonl');
    while (!readFileSync(journal, 'utf8').includes('"kind":"execution-resumed"'))
      await new Promise((resolve) => setTimeout(resolve, 10));
    disk.kill();
    await third.stop();
    const fourth = await serve(dir);
    expect(fourth.server.resumed).toEqual([executionArn]);
  });
});

describe('a full disk', () => {
  test('refuses changes with ServiceUnavailable naming the data dir and what to do, answers reads, and accepts changes again once space is freed', async () => {
    const dir = dataDir();
    const disk = new Disk();
    const first = await serve(dir, { disk });
    const { sfn, logs } = first;
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: 'kept', definition: JSON.stringify(PASS), roleArn: ROLE }),
    );
    disk.full = true;

    // The change that meets the full disk ran before its write failed: it is refused all the
    // same (not acknowledged), kept in memory and written once space is freed.
    const refused = await failure(
      sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'met-it', input: '{}' })),
    );
    expect(refused.name).toBe('ServiceUnavailable');
    expect(refused.$metadata?.httpStatusCode).toBe(503);
    expect(refused.message).toContain(`cannot write its data dir ${dir} (ENOSPC`);
    expect(refused.message).toContain(`free space in ${dir}`);
    expect(logs.join('\n')).toContain(
      `cannot write the data dir ${dir} (ENOSPC: no space left on device, write): free space in ${dir}`,
    );
    // From then on a change is refused before it runs.
    const before = await failure(
      sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'refused', input: '{}' })),
    );
    expect(before.name).toBe('ServiceUnavailable');
    expect((await sfn.send(new ListStateMachinesCommand({}))).stateMachines?.map((m) => m.name)).toEqual([
      'kept',
    ]);
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(listed.executions?.map((e) => e.name)).toEqual(['met-it']);

    disk.full = false;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'after', input: '{}' }),
    );
    expect(executionArn).toMatch(/:after$/);
    expect(logs.at(-1)).toContain(`the data dir ${dir} can be written again`);
    await first.stop();
    const again = await serve(dir);
    const kept = await again.sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(kept.executions?.map((e) => e.name).sort()).toEqual(['after', 'met-it']);
  });

  test('the disk filling while executions run loses nothing that was answered: a kill while full keeps every acknowledged change', async () => {
    const dir = dataDir();
    const disk = new Disk();
    const { server, sfn } = await serve(dir, { disk });
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: 'holds', definition: JSON.stringify(WAITS), roleArn: ROLE }),
    );
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'acked', input: '{}' }),
    );
    // The disk fills in the middle of the next record: part of it reaches the file.
    disk.room = 10;
    const refused = await failure(
      sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'unacked', input: '{}' })),
    );
    expect(refused.name).toBe('ServiceUnavailable');
    // A stop is refused too (it could not be kept), so whoever asked retries it later.
    expect((await failure(sfn.send(new StopExecutionCommand({ executionArn })))).name).toBe(
      'ServiceUnavailable',
    );
    disk.kill();
    for (const execution of server.engine.listExecutions({ statusFilter: 'RUNNING' }))
      server.engine.stopExecution(execution.executionArn);

    const after = await serve(dir);
    const names = (await after.sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions?.map(
      (e) => e.name,
    );
    expect(names).toContain('acked');
    expect(after.server.resumed).toContain(executionArn);
    expect((await after.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
  });

  test('records cut short by the full disk are finished from the byte where they stopped once space is freed, so the journal reads back whole', async () => {
    const dir = dataDir();
    const disk = new Disk();
    const first = await serve(dir, { disk });
    const { stateMachineArn } = await first.sfn.send(
      new CreateStateMachineCommand({ name: 'p', definition: JSON.stringify(PASS), roleArn: ROLE }),
    );
    disk.room = 25;
    await failure(
      first.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'cut', input: '{"a":1}' })),
    );
    disk.room = undefined;
    await first.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'whole', input: '{}' }));
    await first.stop();

    const second = await serve(dir);
    expect(second.logs.filter((line) => line.includes('journal:'))).toEqual([]);
    const names = (await second.sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions?.map(
      (e) => e.name,
    );
    expect(names?.sort()).toEqual(['cut', 'whole']);
    const statuses = (await second.sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions?.map(
      (e) => e.status,
    );
    expect(statuses).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  });

  test('a server started again on the full disk starts, answers reads, and refuses changes with ServiceUnavailable saying to free space', async () => {
    const dir = dataDir();
    const { executions } = await journalOfTwo(dir);
    const disk = new Disk();
    disk.full = true;

    const { sfn, logs } = await serve(dir, { disk });
    expect(logs.join('\n')).toContain(`free space in ${dir}`);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: executions[0]! }))).status).toBe(
      'SUCCEEDED',
    );
    const refused = await failure(
      sfn.send(
        new CreateStateMachineCommand({ name: 'new', definition: JSON.stringify(PASS), roleArn: ROLE }),
      ),
    );
    expect(refused.name).toBe('ServiceUnavailable');
    expect(refused.message).toContain(`free space in ${dir}`);
    expect((await sfn.send(new ListStateMachinesCommand({}))).stateMachines?.map((m) => m.name)).toEqual([
      'first',
      'second',
    ]);
  });

  test('the journal rewrite that follows forgotten executions does not crash the server on a full disk; the journal goes on', async () => {
    const dir = dataDir();
    const disk = new Disk();
    const opened = JournalFile.open(dir, 2, { fileSystem: disk, rewriteAfterBytes: 1 });
    const engine = new StepFunctionsEngine({ journal: opened.journal, retainedExecutions: 2 });
    stops.push(() => opened.journal.close());
    engine.restore(opened.snapshot);
    const { stateMachineArn } = engine.createStateMachine({ name: 'p', definition: PASS });
    disk.full = true;
    for (let i = 0; i < 6; i += 1) await engine.startSyncExecution({ stateMachineArn, input: { i } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(opened.journal.unwritable?.code).toBe('ENOSPC');
    expect(existsSync(join(dir, 'journal.jsonl.compacting'))).toBe(false);
    disk.full = false;
    expect(opened.journal.flush()).toBe(true);
    const kept = engine.listExecutions().map((e) => e.executionArn);
    expect(kept).toHaveLength(2);
    opened.journal.close();
    const reopened = JournalFile.open(dir, 2);
    stops.push(() => reopened.journal.close());
    expect(reopened.warnings).toEqual([]);
    expect(reopened.snapshot.executions.map((e) => e.arn).reverse()).toEqual(kept);
  });

  // A real full file system, with no privilege that could disturb the machine: a 4 MiB tmpfs
  // mounted in a private mount namespace of an unprivileged user namespace, seen only by the
  // processes inside it, and gone with them. Skipped where user namespaces are not allowed.
  const namespaces = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'true']).status === 0;
  (namespaces ? test : test.skip)(
    'on a real tmpfs that fills up, the CLI server stays up, answers reads, refuses changes by name, and a restart on the full disk keeps every acknowledged execution',
    async () => {
      const dir = dataDir();
      const bin = join(
        __dirname,
        '..',
        '..',
        'packages',
        'stepfunctions-local',
        'bin',
        'stepfunctions-local.mjs',
      );
      // Two servers in turn on the same tmpfs: the test SIGKILLs the first by its pid.
      const script = [
        'mount -t tmpfs -o size=4m tmpfs "$DIR" || exit 3',
        '"$NODE" "$BIN" --port 0 --data-dir "$DIR" & echo "first pid $!"',
        'wait',
        'exec "$NODE" "$BIN" --port 0 --data-dir "$DIR"',
      ].join('\n');
      const child = spawn('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script], {
        env: { ...process.env, DIR: dir, NODE: process.execPath, BIN: bin },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      let firstPid: number | undefined;
      stops.push(async () => {
        if (firstPid !== undefined) process.kill(firstPid, 'SIGKILL');
        if (child.exitCode === null) {
          // The second server is the shell itself after exec.
          child.kill('SIGTERM');
          await exited;
        }
      });
      const ready = async (nth: number): Promise<string> => {
        for (;;) {
          const urls = [...output.matchAll(/ready on (http:\/\/\S+)/g)];
          if (urls.length >= nth) return urls[nth - 1]![1]!;
          if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      const client = (endpoint: string) =>
        new SFNClient({
          endpoint,
          region: 'us-east-1',
          credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
          maxAttempts: 1,
        });

      let sfn = client(await ready(1));
      firstPid = Number(/first pid (\d+)/.exec(output)?.[1]);
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({ name: 'fills', definition: JSON.stringify(PASS), roleArn: ROLE }),
      );
      const input = JSON.stringify({ blob: 'x'.repeat(100_000) });
      const acknowledged: string[] = [];
      let refused: Error | undefined;
      for (let i = 0; i < 200 && refused === undefined; i += 1) {
        try {
          await sfn.send(new StartExecutionCommand({ stateMachineArn, name: `e${i}`, input }));
          acknowledged.push(`e${i}`);
        } catch (error) {
          refused = error as Error;
        }
      }
      expect(refused?.name).toBe('ServiceUnavailable');
      expect(refused?.message).toContain(`free space in ${dir}`);
      // The log line comes through a pipe of its own, which a busy machine may deliver after the
      // answer: waited for, up to 10 s.
      for (let waited = 0; !output.includes('ENOSPC') && waited < 10_000; waited += 50)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(output).toContain('ENOSPC');
      const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
      expect(listed.executions?.map((e) => e.name)).toEqual(expect.arrayContaining(acknowledged));
      sfn.destroy();
      process.kill(firstPid, 'SIGKILL');
      firstPid = undefined;

      sfn = client(await ready(2));
      const names = (await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions?.map(
        (e) => e.name,
      );
      expect(names).toEqual(expect.arrayContaining(acknowledged));
      const again = await failure(
        sfn.send(
          new CreateStateMachineCommand({ name: 'more', definition: JSON.stringify(PASS), roleArn: ROLE }),
        ),
      );
      expect(again.name).toBe('ServiceUnavailable');
      expect(again.message).toContain(`free space in ${dir}`);
      sfn.destroy();
    },
  );
});
