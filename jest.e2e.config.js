import { base } from './jest.config.js';

/**
 * End-to-end tests: every service a separate process built in dist/, real Postgres, Redis and
 * NATS on 127.0.0.1. One file at a time: each file runs a whole system on a 2-core machine.
 */
/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
};
