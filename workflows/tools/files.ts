import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The folder holding the workflow definitions people edit in Workflow Studio. */
export const WORKFLOWS_DIR = join(__dirname, '..');

/** Absolute paths of every workflows/*.asl.json, sorted. */
export function workflowFiles(dir: string = WORKFLOWS_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.asl.json'))
    .sort()
    .map((name) => join(dir, name));
}
