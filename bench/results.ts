import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Comparison, type Measurement, ratioText } from './report';

const DIR = __dirname;
const STORE = join(DIR, 'results.json');

interface SuiteRun {
  readonly date: string;
  readonly machine: string;
  readonly comparisons: readonly Comparison[];
  readonly measurements: readonly Measurement[];
}

type Store = Record<string, SuiteRun>;

const escape = (text: string) => text.replace(/\|/g, '\\|');

/** The results of every suite's latest full run as Markdown. */
export function resultsMarkdown(store: Store): string {
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (full runs only; `--quick` writes nothing). How each suite measures',
    'and what the numbers mean: [README.md](README.md). Ratio: how many times better this project',
    'is than the peer run side by side (below 1 means behind).',
    '',
    '![ratios](results.svg)',
    '',
  ];
  for (const [suite, run] of Object.entries(store)) {
    lines.push(`## ${suite} (${run.date}, ${run.machine})`, '');
    if (run.comparisons.length > 0) {
      lines.push('| Case | Ours | Peer | Ratio |', '| --- | --- | --- | --- |');
      for (const c of run.comparisons)
        lines.push(
          `| ${escape(c.name)}${c.note === undefined ? '' : ` (${escape(c.note)})`} | ${escape(c.ours)} | ${escape(c.peer)} | ${ratioText(c.ratio)} |`,
        );
      lines.push('');
    }
    if (run.measurements.length > 0) {
      lines.push('| Measurement | Value |', '| --- | --- |');
      for (const m of run.measurements) lines.push(`| ${escape(m.name)} | ${escape(m.value)} |`);
      lines.push('');
    }
  }
  return lines.join('\n');
}

/** A horizontal bar per comparison, on a log scale around 1x (the peer). */
export function ratioChart(store: Store): string {
  const bars = Object.values(store).flatMap((run) => run.comparisons.filter((c) => c.ratio !== undefined));
  const rowHeight = 26;
  const labelWidth = 430;
  const plotWidth = 420;
  const height = bars.length * rowHeight + 50;
  const max = Math.max(10, ...bars.map((c) => c.ratio as number));
  const min = Math.min(0.5, ...bars.map((c) => c.ratio as number));
  const x = (ratio: number) =>
    labelWidth + ((Math.log10(ratio) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))) * plotWidth;
  const text = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const rows = bars.map((c, i) => {
    const y = 30 + i * rowHeight;
    const ratio = c.ratio as number;
    const from = Math.min(x(1), x(ratio));
    const width = Math.max(1, Math.abs(x(ratio) - x(1)));
    return [
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${text(`${c.suite}: ${c.name}`.slice(0, 64))}</text>`,
      `<rect x="${from}" y="${y + 4}" width="${width}" height="16" fill="${ratio >= 1 ? '#2e7d32' : '#c62828'}"/>`,
      `<text x="${Math.max(x(1), x(ratio)) + 6}" y="${y + 15}">${ratioText(ratio)}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + plotWidth + 80}" height="${height}" font-family="sans-serif" font-size="12">`,
    '<rect width="100%" height="100%" fill="white"/>',
    `<text x="10" y="18" font-weight="bold">How many times better than the peer (log scale; the line is 1x)</text>`,
    ...rows,
    `<line x1="${x(1)}" y1="26" x2="${x(1)}" y2="${height - 10}" stroke="#333"/>`,
    '</svg>',
  ].join('\n');
}

/** Markdown as the repository's Prettier settings write it, so `npm run lint` stays clean. */
async function prettyMarkdown(path: string, text: string): Promise<string> {
  // Loaded only when writing: Prettier 3 is ESM inside, which jest's CommonJS cannot load.
  const { format, resolveConfig } = await import('prettier');
  return format(text, { ...(await resolveConfig(path)), parser: 'markdown' });
}

/** Keeps the suites just run, then rewrites results.md, results.svg and the table in docs/benchmarks.md. */
export async function writeResults(
  suites: readonly string[],
  machine: string,
  recorded: { comparisons: readonly Comparison[]; measurements: readonly Measurement[] },
): Promise<void> {
  const store: Store = existsSync(STORE) ? (JSON.parse(readFileSync(STORE, 'utf8')) as Store) : {};
  const date = new Date().toISOString().slice(0, 10);
  for (const suite of suites)
    store[suite] = {
      date,
      machine,
      comparisons: recorded.comparisons.filter((c) => c.suite === suite),
      measurements: recorded.measurements.filter((m) => m.suite === suite),
    };
  writeFileSync(STORE, `${JSON.stringify(store, null, 2)}\n`);
  const results = join(DIR, 'results.md');
  writeFileSync(results, await prettyMarkdown(results, resultsMarkdown(store)));
  writeFileSync(join(DIR, 'results.svg'), `${ratioChart(store)}\n`);
  const readme = join(DIR, '..', 'docs', 'benchmarks.md');
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  if (text.includes(start) && text.includes(end)) {
    const table = [
      '| Suite | Case | Ours | Peer | Ratio |',
      '| --- | --- | --- | --- | --- |',
      ...Object.entries(store).flatMap(([suite, run]) =>
        run.comparisons.map(
          (c) =>
            `| ${suite} | ${escape(c.name)} | ${escape(c.ours)} | ${escape(c.peer)} | ${ratioText(c.ratio)} |`,
        ),
      ),
      '',
      '| Suite | Measurement (no peer) | Value |',
      '| --- | --- | --- |',
      ...Object.entries(store).flatMap(([suite, run]) =>
        run.measurements.map((m) => `| ${suite} | ${escape(m.name)} | ${escape(m.value)} |`),
      ),
    ].join('\n');
    writeFileSync(
      readme,
      await prettyMarkdown(
        readme,
        `${text.slice(0, text.indexOf(start) + start.length)}\n\n${table}\n\n${text.slice(text.indexOf(end))}`,
      ),
    );
  }
}
