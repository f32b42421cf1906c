import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowName } from '../../topology/types';
import type { Resources } from './provision';

/** What `npm start` tells the helper commands (signup, upload, publish-release) about itself. */
export interface RuntimeInfo {
  readonly motoEndpoint: string;
  readonly stepFunctionsEndpoint: string;
  readonly region: string;
  readonly resources: Resources;
  readonly stateMachineArns: Readonly<Record<WorkflowName, string>>;
  readonly dashboardUrl?: string;
  readonly apiUrl: string;
  readonly pid: number;
}

const DIR = join(__dirname, '..', '..', '.local-data');
const FILE = join(DIR, 'runtime.json');

export function writeRuntimeInfo(info: RuntimeInfo): void {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(FILE, `${JSON.stringify(info, null, 2)}\n`);
}

export function clearRuntimeInfo(): void {
  rmSync(FILE, { force: true });
}

/** The running pipeline, or an error that says to run `npm start` first. */
export function readRuntimeInfo(): RuntimeInfo {
  let info: RuntimeInfo;
  try {
    info = JSON.parse(readFileSync(FILE, 'utf8')) as RuntimeInfo;
  } catch {
    throw new Error('The local pipeline is not running: start it with `npm start` in another terminal.');
  }
  try {
    process.kill(info.pid, 0);
  } catch {
    throw new Error(
      'The local pipeline that wrote .local-data/runtime.json is no longer running: start it with `npm start`.',
    );
  }
  return info;
}
