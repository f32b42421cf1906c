/**
 * `npm run workflows:placeholders -- --stack <name> [--region <r>] [--profile <p>] [file ...]`
 *
 * After exporting a definition from a state machine this stack deployed and saving it over its
 * workflows/*.asl.json file, puts the `${Name}` placeholders back where the export has the values
 * CloudFormation substituted (function ARNs, table names, topic ARNs...). The values are read from
 * the deployed stack named by --stack (see stack-reader.ts and stack-substitutions.ts); the names
 * are those the topology gives the file's workflow. Without files, every workflow file is done.
 * The file keeps its formatting: only the values change. ARNs of the stack's account that are left
 * are listed, as the topology gives no placeholder for them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pipeline } from '../../topology/pipeline';
import { todo } from '../../topology/todo';
import { workflowFiles } from './files';
import { restorePlaceholders } from '@myblog/asl';
import { readDeployedStack } from './stack-reader';
import { deployedSubstitutions, StateMachineNotFoundError } from './stack-substitutions';

const USAGE =
  'usage: npm run workflows:placeholders -- --stack <stack name> [--region <region>] [--profile <profile>] [workflows/<file>.asl.json ...]';

/** The account's ARNs still written literally: each `arn:...` token naming this account. */
function accountArns(text: string, account: string): string[] {
  const arns = text.match(/arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:\d{12}:[^"\s]*/g) ?? [];
  return [...new Set(arns.filter((arn) => arn.split(':')[4] === account))];
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { stack: { type: 'string' }, region: { type: 'string' }, profile: { type: 'string' } },
    allowPositionals: true,
  });
  if (values.stack === undefined) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const files = positionals.length > 0 ? positionals.map((file) => resolve(file)) : workflowFiles();
  // The blog's and MyTodoList's workflows share workflows/; each application is a stack of its own.
  const specs = [...Object.values(pipeline.workflows), ...Object.values(todo.workflows)];
  const named = positionals.length > 0;
  const stack = await readDeployedStack({
    stackName: values.stack,
    region: values.region,
    profile: values.profile,
  });
  const account = stack.stackId.split(':')[4] ?? '';
  // Every file is worked out before any is written, so a refusal leaves all of them as they were.
  const results = files.flatMap((file) => {
    const shown = relative(process.cwd(), file);
    const spec = specs.find((s) => s.file === basename(file));
    if (spec === undefined)
      throw new Error(`${shown} is not a workflow of the topology (topology/pipeline.ts, topology/todo.ts)`);
    const text = readFileSync(file, 'utf8');
    let deployed: Record<string, string>;
    try {
      deployed = deployedSubstitutions(Object.keys(spec.substitutions), stack);
    } catch (error) {
      // Without named files every workflow file is tried: those of the other application's stack are passed over.
      if (!named && error instanceof StateMachineNotFoundError) {
        console.log(`${shown}: not deployed by ${stack.stackId}, left as it is`);
        return [];
      }
      throw error;
    }
    const result = restorePlaceholders(text, deployed);
    return [{ file, shown, changed: result.text !== text, ...result }];
  });
  for (const { file, shown, changed, text, restored } of results) {
    if (changed) {
      writeFileSync(file, text);
      const summary = Object.entries(restored)
        .map(([name, count]) => (count === 1 ? `\${${name}}` : `\${${name}} x${count}`))
        .join(', ');
      console.log(`${shown}: restored ${summary}`);
    } else {
      console.log(`${shown}: no deployed values found, nothing to restore`);
    }
    for (const arn of accountArns(text, account))
      console.warn(`${shown}: ${arn} is not a substitution of this workflow; add one to the topology for it`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
