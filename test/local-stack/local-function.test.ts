import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LocalFunction } from '../../tools/local-stack/local-function';

/** A bundle whose handler dies mid-invocation when asked to, as a crashed execution environment does. */
const bundle = path.join(mkdtempSync(path.join(tmpdir(), 'redial-bundle-')), 'index.js');
writeFileSync(
  bundle,
  `exports.handler = async (event) => {
    if (event.die) setImmediate(() => process.exit(70));
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { ok: event.n };
  };`,
);

describe('a local Lambda whose execution environment dies', () => {
  const fn = new LocalFunction({
    name: 'Dying',
    arn: 'arn:aws:lambda:us-east-1:000000000000:function:Dying',
    bundle,
    handlerExport: 'handler',
    timeoutSeconds: 30,
    environment: { PATH: process.env.PATH ?? '' },
    concurrency: 1,
    onLogLine: () => {},
  });
  afterAll(() => fn.stop());

  it('fails that invocation at once with Runtime.ExitError, and serves the next in a new one', async () => {
    const started = Date.now();
    await expect(fn.invoke({ die: true })).rejects.toMatchObject({
      errorType: 'Runtime.ExitError',
      message: expect.stringContaining('exit status 70'),
    });
    expect(Date.now() - started).toBeLessThan(10_000); // not the 30 s timeout
    await expect(fn.invoke({ n: 2 })).resolves.toEqual({ ok: 2 });
  });
});
