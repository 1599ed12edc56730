import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { exampleConfigJson } from '../support/example-config';

const ROOT = path.join(__dirname, '..', '..');

/** Runs bin/redial.ts as `cdk synth` does (cdk.json's app), reading the config from REDIAL_CONFIG_FILE. */
function runApp(configFile: string) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'redial-cdk-out-'));
  const env: NodeJS.ProcessEnv = { ...process.env, REDIAL_CONFIG_FILE: configFile, CDK_OUTDIR: outdir };
  delete env.CDK_CONTEXT_JSON;
  const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['bin/redial.ts'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { ...run, outdir };
}

describe('the CDK app entry (bin/redial.ts)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'redial-bad-config-'));

  it('prints every bad field without a stack trace, exits 1 and synthesizes nothing', () => {
    const raw = exampleConfigJson() as Record<string, any>;
    raw.agents[0].dial = '07700 900101';
    raw.numbers[0].huntList = ['alice', 'zed'];
    const file = path.join(dir, 'bad.config.json');
    writeFileSync(file, JSON.stringify(raw));

    const { status, stderr, outdir } = runApp(file);

    expect(status).toBe(1);
    expect(stderr).toContain(`Invalid Redial config (${file}):`);
    expect(stderr).toContain(
      '  - agents.0.dial: must be a sip: URI (sip:alice@pbx.example.com) or an E.164 number (+442071234567)',
    );
    expect(stderr).toContain('  - numbers.0.huntList.1: names agent "zed", which is not in agents');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(outdir)).toEqual([]);
  });

  it('says why when the file cannot be read, also without a stack trace', () => {
    const file = path.join(dir, 'truncated.config.json');
    writeFileSync(file, '{ "timezone": ');

    const { status, stderr } = runApp(file);

    expect(status).toBe(1);
    expect(stderr).toContain(`Cannot read Redial config ${file}: `);
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
