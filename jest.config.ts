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
};

export default config;
