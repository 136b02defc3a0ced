import { base } from './jest.config.js';

/**
 * Browser tests: the real system (TestSystem, built in dist/ with the console) driven through
 * Debian's chromium by playwright-core. One file, one started system for every role's path.
 */
/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
