#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (a dependency), so `npx stepfunctions-local` needs no build
// step. tsx is registered in this process rather than a child's: one process, so a signal sent to
// it (SIGKILL included) reaches the server itself and nothing is orphaned.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('tsx/cjs/api').register();
require('../src/cli.ts');
