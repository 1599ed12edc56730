import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildRedialApp } from '../../lib/redial-app';

/**
 * What each Lambda bundle is built from, read from its source map (the files esbuild kept bytes
 * of): the AWS SDK's ES module builds, which esbuild can prune, and the SDK's own credential chain.
 */

const SDK_COMMONJS_BUILD = /node_modules\/@(aws-sdk|smithy)\/[^/]+\/dist-cjs\//;
const SDK_CLIENT = /node_modules\/@aws-sdk\/client-[^/]+\//;

const outdir = mkdtempSync(path.join(tmpdir(), 'redial-bundles-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Each bundle, named by its handler, with the sources its map lists. */
function bundledSources(): [string, string[]][] {
  buildRedialApp({ outdir }).app.synth();
  return readdirSync(outdir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name === 'index.js.map')
    .map((entry) => {
      const sources: string[] = JSON.parse(
        readFileSync(path.join(entry.parentPath, entry.name), 'utf8'),
      ).sources;
      const handler =
        sources.find((source) => /lambdas\/[^/]+\/handler\.ts$/.test(source)) ?? entry.parentPath;
      return [handler.replace(/^.*(lambdas\/)/, '$1'), sources];
    });
}

describe('the Lambda bundles', () => {
  const bundles = bundledSources();

  it('are five', () => {
    expect(bundles).toHaveLength(5);
  });

  it.each(bundles)("%s takes the AWS SDK's ES module build, never its CommonJS one", (_handler, sources) => {
    // dist-cjs is one file per package, kept whole: it brought the browser user-agent parser
    // (bowser) and whole clients' command sets into every bundle.
    expect(sources.filter((source) => SDK_COMMONJS_BUILD.test(source))).toEqual([]);
    expect(sources.filter((source) => source.includes('node_modules/bowser/'))).toEqual([]);
  });

  it.each(bundles)(
    "%s keeps the SDK's default credential chain wherever it has a client",
    (_handler, sources) => {
      if (!sources.some((source) => SDK_CLIENT.test(source))) return;
      for (const provider of ['credential-provider-node', 'credential-provider-env'])
        expect(sources.some((source) => source.includes(`node_modules/@aws-sdk/${provider}/`))).toBe(true);
    },
  );
});
