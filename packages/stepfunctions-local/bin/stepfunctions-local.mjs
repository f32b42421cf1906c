#!/usr/bin/env node
// The installed package runs its built CLI (dist/, which scripts/pack.ts bundles into the
// tarball). In this repository, where nothing is built, tsx (a devDependency) runs the TypeScript
// source instead. tsx is registered in this process rather than a child's: one process, so a
// signal sent to it (SIGKILL included) reaches the server itself and nothing is orphaned.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { URL, fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// A path, not URL.pathname: the folder it is installed in may hold spaces or other escaped characters.
const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (existsSync(built)) {
  require(built);
} else {
  require('tsx/cjs/api').register();
  require('../src/cli.ts');
}
