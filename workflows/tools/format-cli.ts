/**
 * `npm run workflows:format [--check]`: rewrites workflows/*.asl.json in canonical form, the form
 * Workflow Studio writes (see canonical.ts), e.g. after editing one by hand. A Workflow Studio
 * export saved over a file is already canonical. With --check it only reports, and exits 1 when a
 * file would change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { canonicalWorkflowText } from '@myblog/asl';
import { workflowFiles } from './files';

const check = process.argv.includes('--check');
let changed = 0;
for (const file of workflowFiles()) {
  const text = readFileSync(file, 'utf8');
  const canonical = canonicalWorkflowText(text);
  if (canonical === text) continue;
  changed += 1;
  if (check) {
    console.log(`not canonical: ${relative(process.cwd(), file)}`);
  } else {
    writeFileSync(file, canonical);
    console.log(`formatted: ${relative(process.cwd(), file)}`);
  }
}
if (check && changed > 0) process.exitCode = 1;
if (changed === 0) console.log('workflows are canonical');
