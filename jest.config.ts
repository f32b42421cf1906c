/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// Every project compiles TypeScript with SWC (type checking is `npm run typecheck`'s job),
// so the suite stays fast on a 2-core machine.
const transform: Config['transform'] = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
};

const project = (displayName: string, roots: string[], extra: Partial<Config> = {}): Config => ({
  displayName,
  testEnvironment: 'node',
  transform,
  roots,
  testMatch: ['**/*.test.ts'],
  ...extra,
});

// One moto server for every test of the run that needs real AWS services.
const withMoto: Partial<Config> = {
  setupFiles: ['<rootDir>/tests/unit/setup-env.ts'],
  globalSetup: '<rootDir>/tests/workflows/real/moto-setup.ts',
  globalTeardown: '<rootDir>/tests/workflows/real/moto-teardown.ts',
};

const config: Config = {
  // Jest's default of 5 s is a wall-clock budget that a busy machine exceeds (a sendMessage to a
  // loaded moto took longer): a test waits on conditions and fails on what it observes, and this
  // is only the bound that ends a test that is truly stuck. (Read from the root config only.)
  testTimeout: 120_000,
  // Two workers on two cores (jest's default is cores - 1, one here): most suites wait on moto,
  // executions and child processes rather than compute, so two overlap well (about 2.5 minutes
  // instead of 4). The tests share one moto and no state: each pipeline has its own prefix and
  // sender, so none depends on running alone.
  maxWorkers: 2,
  projects: [
    project('unit', ['<rootDir>/tests/unit'], { setupFiles: ['<rootDir>/tests/unit/setup-env.ts'] }),
    project('engine', ['<rootDir>/tests/engine']),
    project('infra', ['<rootDir>/tests/infra']),
    // The workspace packages' layout rules (README: Layout).
    project('packages', ['<rootDir>/tests/packages']),
    project('server', ['<rootDir>/tests/server'], { setupFiles: ['<rootDir>/tests/unit/setup-env.ts'] }),
    project('workflows', ['<rootDir>/tests/workflows'], withMoto),
    // What a careless or hostile user could send, one row per case (README: Hostile input).
    project('hostile', ['<rootDir>/tests/hostile'], withMoto),
    // The dashboard in real Chromium (Debian's when installed, else the one @sparticuz/chromium
    // ships), driven by playwright-core; its set-up also chooses that Chromium, once for the run.
    project('browser', ['<rootDir>/tests/browser'], {
      ...withMoto,
      globalSetup: '<rootDir>/tests/browser/global-setup.ts',
      globalTeardown: '<rootDir>/tests/browser/global-teardown.ts',
    }),
  ],
};

export default config;
