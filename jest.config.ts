import type { Config } from 'jest';

/**
 * Unit tests import the packages' TypeScript sources (mapped below); CLI tests run the built `gati` binary,
 * which `npm test` builds first.
 */
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/test', '<rootDir>/templates'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/fixtures/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  moduleNameMapper: {
    '^@gati-framework/migrations$': '<rootDir>/packages/core/src/index.ts',
    '^@gati-framework/migrations/runtime$': '<rootDir>/packages/core/src/runtime/index.ts',
    '^@gati-framework/migrations-adapters$': '<rootDir>/packages/adapters/src/index.ts',
    '^@gati-framework/migrations-adapters/(.*)$': '<rootDir>/packages/adapters/src/$1/index.ts',
  },
  testTimeout: 60_000,
  // it.concurrent chains of CLI processes: three at a time keep two cores busy without starving each other.
  maxConcurrency: 3,
  // Two suites at a time even on two cores (Jest's default is one fewer than the cores): many suites wait on a
  // database server or a CLI process. The CLI suite, which runs its own scenarios side by side, runs alone at
  // the end (see the sequencer).
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/support/cli-suite-last.js',
};

export default config;
