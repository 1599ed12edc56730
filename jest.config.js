/**
 * Test projects, by what a suite needs to run (TypeScript is transpiled by SWC; type checking is
 * `npm run typecheck`):
 * - unit: the domain, the adapters and the tools in process, with embedded DynamoDB at most;
 *   `npx jest --selectProjects unit` runs in seconds.
 * - integration: what starts processes or synthesizes the app: the local stack, the commands run as
 *   a user runs them, the stack's template (esbuild bundles).
 * - volume: 1,000 calls with every message delivered twice (`npm run test:volume`).
 * - faults: calls through the local stack under injected faults (`npm run test:faults`).
 * - browser: the dashboard in headless Chromium (`npm run test:browser`; Debian's `chromium`).
 * - fuzz: fast-check properties over the webhook and the consumers' parsing (`npm run test:fuzz`).
 * `npm test` runs unit and integration; `.ci/run` runs every project.
 */

/** Suites outside test/integration and test/stack that start processes. */
const SPAWNING = [
  '<rootDir>/test/twilio-emulator/call-command.test.ts',
  '<rootDir>/test/local-stack/sqs-endpoint.test.ts',
];

const common = {
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2023' } }] },
};

module.exports = {
  // Jest reads the timeout from the global config only, not a project's.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '<rootDir>/test/(integration|stack|volume|browser|fuzz|faults)/',
        ...SPAWNING,
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/(integration|stack)/**/*.test.ts', ...SPAWNING],
    },
    {
      ...common,
      displayName: 'volume',
      testMatch: ['<rootDir>/test/volume/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'fuzz',
      testMatch: ['<rootDir>/test/fuzz/**/*.test.ts'],
    },
  ],
};
