import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOCAL_SERVICES, startEmulators } from '../../tools/local-stack/emulators';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** The environment without any AWS_ENDPOINT_URL_* the developer may have set. */
function withoutEndpointVariables(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_ENDPOINT_URL')),
  );
}

describe("the Lambda functions' SQS endpoint", () => {
  it("is the embedded fauxqs queue URLs' origin, so a function's SQS client sends there without a warning", async () => {
    const { stdout } = await run(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      [join(__dirname, 'sqs-endpoint-probe.ts')],
      { cwd: ROOT, env: { ...withoutEndpointVariables(), FAUXQS_HOST: 'elsewhere.test' } },
    );
    const probe = JSON.parse(stdout);

    expect(probe.functionEndpoints.SQS).toBe(new URL(probe.queueUrl).origin);
    expect(probe.functionEndpoints.SQS).toMatch(/^http:\/\/sqs\.eu-west-2\.localhost:\d+$/);
    expect(probe.warnings).toEqual([]);
    expect(probe.received).toEqual(['hello']);
    // Only SQS has queue URLs; the rest, and what local.json lists, stay the emulators' addresses.
    expect(probe.endpoints.SQS).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect({ ...probe.functionEndpoints, SQS: probe.endpoints.SQS }).toEqual(probe.endpoints);
  }, 30_000);

  it('is the AWS_ENDPOINT_URL_SQS the developer set, as are the other services', async () => {
    const configured = Object.fromEntries(
      LOCAL_SERVICES.map((service, index) => [service, `http://emulator.test:${4566 + index}`]),
    );
    const saved = { ...process.env };
    for (const service of LOCAL_SERVICES) process.env[`AWS_ENDPOINT_URL_${service}`] = configured[service];
    try {
      // Every service set: no embedded emulator starts.
      const emulators = await startEmulators('us-east-1', '000000000000');
      expect(emulators.external).toEqual([...LOCAL_SERVICES]);
      expect(emulators.endpoints).toEqual(configured);
      expect(emulators.functionEndpoints).toEqual(configured);
      await emulators.stop();
    } finally {
      process.env = saved;
    }
  });
});
