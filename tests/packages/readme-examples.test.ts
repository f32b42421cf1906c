/**
 * The packages' READMEs show code with its output (`// → …`). Each example runs here as a reader
 * would paste it, and every line it prints must be the one its `// →` comment promises, so a README
 * cannot drift from what the package does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');

/** The README's first fenced TypeScript block. */
function exampleOf(readme: string): string {
  const match = /```ts\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, readme), 'utf8'));
  if (match?.[1] === undefined) throw new Error(`${readme} has no \`\`\`ts example`);
  return match[1];
}

/** `// → text` comments, in order: what the example must print. */
const promisedLines = (example: string): string[] =>
  [...example.matchAll(/\/\/ → (.*)$/gm)].map((match) => (match[1] as string).trim());

/** Runs the example as CommonJS inside an async function, with jest's require, collecting console.log. */
async function run(example: string): Promise<string[]> {
  const imports = example.split('\n').filter((line) => line.startsWith('import '));
  const body = example.split('\n').filter((line) => !line.startsWith('import '));
  const source = [...imports, 'export async function main() {', ...body, '}'].join('\n');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const printed: string[] = [];
  const console = {
    log: (...values: unknown[]) =>
      printed.push(
        values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(' '),
      ),
  };
  const module = { exports: {} as { main?: () => Promise<void> } };
  new Function('require', 'module', 'exports', 'console', outputText)(
    require,
    module,
    module.exports,
    console,
  );
  await module.exports.main?.();
  return printed;
}

test('the sfn-engine README example prints what its comments say', async () => {
  const example = exampleOf('packages/sfn-engine/README.md');
  expect(await run(example)).toEqual(promisedLines(example));
});
