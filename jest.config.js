/** Unit and integration tests; TypeScript is transpiled by SWC (type checking is `npm run typecheck`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2023' } }] },
  testTimeout: 60000,
  // The volume test (1,000 calls) runs in `npm run test:volume`, which CI runs too.
  testPathIgnorePatterns: ['/node_modules/', '/test/volume/'],
};
