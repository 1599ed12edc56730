import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildRedialApp } from '../../lib/redial-app';
import { TEST_ACCOUNT_SID } from '../../tools/twilio-emulator/options';
import { AUTH_TOKEN } from '../twilio-emulator/fake-redial-server';

/** The credentials the tests and the local tools use: none may reach a template or a bundle. */
const TEST_CREDENTIALS = [TEST_ACCOUNT_SID, AUTH_TOKEN, 'local-token'];
/** A Twilio account SID: AC and 32 hex digits. */
const ACCOUNT_SID = /AC[0-9a-f]{32}/;

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));

/**
 * `cdk synth` as a deploy runs it, bundles included, into a fresh directory, with the test
 * credentials in the environment the way a developer's shell may hold them.
 */
function synthWithCredentialsAround() {
  const outdir = mkdtempSync(path.join(tmpdir(), 'redial-cdk-out-'));
  const saved = { ...process.env };
  Object.assign(process.env, { TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
  try {
    const { app, stack } = buildRedialApp({ outdir });
    app.synth();
    return { outdir, stack };
  } finally {
    process.env = saved;
  }
}

describe('the Twilio credentials stay in Secrets Manager', () => {
  const { outdir, stack } = synthWithCredentialsAround();
  const files = filesUnder(outdir);

  it('synthesizes the template and every bundle', () => {
    expect(files.filter((file) => file.endsWith('index.js'))).toHaveLength(5);
  });

  it.each(files.map((file) => [path.relative(outdir, file)]))('%s holds no credential', (file) => {
    const text = readFileSync(path.join(outdir, file), 'latin1');
    for (const credential of TEST_CREDENTIALS) expect(text).not.toContain(credential);
    expect(text).not.toMatch(ACCOUNT_SID);
  });

  it("gives functions the secret's ARN, never a value from it", () => {
    const template = Template.fromStack(stack).toJSON();
    const secretId = stack.resolve(stack.twilioAccount.credentials.secretArn).Ref;
    for (const resource of Object.values<any>(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const variables = resource.Properties.Environment.Variables as Record<string, unknown>;
      for (const [name, value] of Object.entries(variables)) {
        if (/TOKEN|SID|SECRET|PASSWORD|KEY/.test(name))
          expect([name, value]).toEqual([name, { Ref: secretId }]);
      }
    }
    // The secret is generated in AWS and set by hand: the template carries no value for it.
    expect(template.Resources[secretId].Properties.SecretString).toBeUndefined();
  });
});
