import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { engineCases } from './cases';
import { measurePair, type Measurement } from './measure';
import { isRight, probeAnswer, PROBES } from './probes';
import { ours, peer } from './runners';
import { compare, measure } from '../report';

const TARGET_RATIO = 10;
/** A JSONata case's rate is at least this fraction of its JSONPath twin's (ours, same run). */
const JSONATA_WITHIN = 2;
const MEMORY_LIMIT_MB = 200;
const run = promisify(execFile);

const rate = (m: Measurement) =>
  m.error !== undefined
    ? `error (${m.error})`
    : `${Math.round(m.rate).toLocaleString('en')} transitions/s${m.correct ? '' : ' WRONG RESULT'}`;

async function mapMemory(
  which: 'ours' | 'peer',
  items: number,
): Promise<{ maxRssMb: number; correct: boolean }> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'bench/engine/map-memory.ts', which, String(items)],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').pop() as string) as { maxRssMb: number; correct: boolean };
}

/**
 * Transitions per second of our engine and the peer side by side, case by case, and the peak
 * memory of a 10,000-item Map. Returns false if any result is wrong or a target is missed.
 */
export async function runEngineBench(quick: boolean): Promise<boolean> {
  let ok = true;
  const cases = engineCases(quick);
  const byId = new Map(cases.map((c) => [c.id, c]));
  const ourRates = new Map<string, number>();
  for (const benchCase of cases) {
    const peerCase =
      benchCase.peerSubstitute === undefined ? benchCase : (byId.get(benchCase.peerSubstitute) ?? benchCase);
    const [ourResult, peerResult] = await measurePair(
      ours,
      benchCase,
      peer,
      peerCase,
      quick ? { blocks: 1, seconds: 0.2 } : { blocks: 3, seconds: 1 },
    );
    const ratio = peerResult.rate > 0 ? ourResult.rate / peerResult.rate : Number.POSITIVE_INFINITY;
    ourRates.set(benchCase.id, ourResult.rate);
    const twin = benchCase.peerSubstitute;
    const note =
      twin === undefined ? '' : ` (the peer cannot run JSONata; it ran (${peerCase.id}) in JSONPath)`;
    // A JSONata case also against our own JSONPath twin, measured earlier in this run.
    const twinRate = twin === undefined ? undefined : ourRates.get(twin);
    const slower = twinRate === undefined || ourResult.rate <= 0 ? undefined : twinRate / ourResult.rate;
    const withinTwin = twin === undefined || (slower !== undefined && slower <= JSONATA_WITHIN);
    const meetsTarget = ratio >= TARGET_RATIO && withinTwin;
    ok &&= ourResult.correct && meetsTarget;
    const target =
      twin === undefined
        ? `target ${TARGET_RATIO}x`
        : `target ${TARGET_RATIO}x, and within ${JSONATA_WITHIN}x of our (${twin}), which ran ${slower === undefined ? '?' : slower.toFixed(2)}x as fast`;
    compare({
      name: `(${benchCase.id}) ${benchCase.title}`,
      ours: `${rate(ourResult)}${ourResult.correct ? '' : ' WRONG RESULT'}`,
      peer: `peer ${rate(peerResult)}${note}`,
      ratio,
      note: `${target}, ${meetsTarget ? 'met' : 'MISSED'}`,
    });
  }
  const items = quick ? 2_000 : 10_000;
  const [ourMemory, peerMemory] = [await mapMemory('ours', items), await mapMemory('peer', items)];
  const fits = ourMemory.correct && ourMemory.maxRssMb < MEMORY_LIMIT_MB;
  ok &&= fits;
  compare({
    name: `(m) peak RSS of a ${items.toLocaleString('en')}-item inline Map`,
    ours: `${ourMemory.maxRssMb} MB${ourMemory.correct ? '' : ' WRONG RESULT'}`,
    peer: `peer ${peerMemory.maxRssMb} MB${peerMemory.correct ? '' : ' WRONG RESULT'}`,
    ratio: peerMemory.maxRssMb / Math.max(1, ourMemory.maxRssMb),
    note: `less memory; limit ${MEMORY_LIMIT_MB} MB, ${fits ? 'met' : 'MISSED'}`,
  });
  for (const probe of PROBES) {
    const [ourAnswer, peerAnswer] = [await probeAnswer(ours, probe), await probeAnswer(peer, probe)];
    ok &&= isRight(probe, ourAnswer);
    const describe = (answer: unknown) =>
      `${isRight(probe, answer) ? 'right' : 'WRONG'} (${JSON.stringify(answer)})`;
    measure(`(p) ${probe.name}`, `ours ${describe(ourAnswer)} · peer ${describe(peerAnswer)}`);
  }
  return ok;
}
