import { readEnvironment } from '../../lambdas/environment/read-environment';

const DECLARED = { QUEUE_URL: 'the queue', TABLE: 'the table' } as const;
const OVERRIDES = { API_BASE_URL: 'the API, elsewhere' } as const;

describe('readEnvironment', () => {
  it('returns every declared variable, and the optional ones that are set', () => {
    const env = { QUEUE_URL: 'https://q', TABLE: 't', API_BASE_URL: 'http://localhost', OTHER: 'x' };
    expect(readEnvironment(DECLARED, OVERRIDES, env)).toEqual({
      QUEUE_URL: 'https://q',
      TABLE: 't',
      API_BASE_URL: 'http://localhost',
    });
    expect(readEnvironment(DECLARED, OVERRIDES, { QUEUE_URL: 'https://q', TABLE: 't' })).toEqual({
      QUEUE_URL: 'https://q',
      TABLE: 't',
    });
  });

  it('names each missing or empty variable and what it holds', () => {
    expect(() => readEnvironment(DECLARED, {}, { TABLE: '' })).toThrow(
      'Environment variables not set: QUEUE_URL (the queue); TABLE (the table)',
    );
  });

  it('types the values by the declaration', () => {
    const env = readEnvironment(DECLARED, OVERRIDES, { QUEUE_URL: 'q', TABLE: 't' });
    const table: string = env.TABLE;
    const api: string | undefined = env.API_BASE_URL;
    // @ts-expect-error: not declared
    void env.TABLE_NAME;
    expect([table, api]).toEqual(['t', undefined]);
  });
});
