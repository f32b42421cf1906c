/**
 * Peak memory of one 10,000-item inline Map run, measured in a process of its own so nothing else
 * inflates the figure. Usage: tsx bench/engine/map-memory.ts <ours|peer> <items>
 * Prints one JSON line: {"maxRssMb": number, "correct": boolean}.
 */
import { inlineMap } from './cases';
import { ours, peer } from './runners';

async function main(): Promise<void> {
  const [which = 'ours', itemsText = '10000'] = process.argv.slice(2);
  const benchCase = inlineMap(Number(itemsText));
  const runner = which === 'peer' ? peer : ours;
  const output = await (await runner.prepare(benchCase.definition))(benchCase.input);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ maxRssMb: Math.round(maxRssMb), correct: benchCase.check(output) }));
}

main().catch((error: unknown) => {
  console.log(JSON.stringify({ maxRssMb: 0, correct: false, error: (error as Error).message }));
});
