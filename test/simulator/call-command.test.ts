import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AUTH_TOKEN, type FakeRedial, REDIAL_NUMBER, startFakeRedial, twiml } from './fake-redial-server';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** `npm run call -- …` without npm's own output: exit code, stdout and stderr. */
async function callCommand(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ['bin/call.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, TWILIO_AUTH_TOKEN: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run call', () => {
  let server: FakeRedial;

  beforeAll(async () => {
    server = await startFakeRedial({
      '/voice/incoming': () =>
        twiml(
          '<Say>Connecting you now.</Say><Dial action="/voice/dial-status" timeout="20"><Sip>sip:alice@pbx</Sip></Dial>',
        ),
      '/voice/dial-status': () => twiml('<Say>Sorry, nobody is free.</Say><Hangup/>'),
    });
  });

  afterAll(() => server.close());

  const target = () => ['--url', server.baseUrl, '--to', REDIAL_NUMBER, '--ring-seconds', '0.05'];

  it('prints the conversation and exits 0', async () => {
    const { code, stdout, stderr } = await callCommand([
      ...target(),
      '--auth-token',
      AUTH_TOKEN,
      '--agent',
      'decline',
    ]);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('incoming call: POST /voice/incoming');
    expect(stdout).toContain('Caller hears: "Connecting you now."');
    expect(stdout).toContain('agent declines after 0.05 s (SIP 603 Decline) → DialCallStatus=busy');
    expect(stdout).toContain('DialCallStatus=busy');
    expect(stdout.trim().split('\n').at(-1)).toBe(
      'Call completed: Twilio hung up (<Hangup>), after 2 webhooks',
    );
  });

  it('prints the transcript as JSON', async () => {
    const { code, stdout } = await callCommand([...target(), '--auth-token', AUTH_TOKEN, '--json']);

    expect(code).toBe(0);
    const transcript = JSON.parse(stdout);
    expect(transcript.steps.map((step: { label: string }) => step.label)).toEqual([
      'incoming call',
      'dial action',
    ]);
    expect(transcript.outcome.status).toBe('completed');
  });

  it('exits 1 with one line when the server refuses the signature', async () => {
    const { code, stdout, stderr } = await callCommand([
      ...target(),
      '--auth-token',
      'wrong-token',
      '--quiet',
    ]);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^Error: incoming call: .* answered HTTP 403 Forbidden/),
    ]);
  });

  it('exits 1 with one line for a bad option', async () => {
    const { code, stderr } = await callCommand([
      ...target(),
      '--auth-token',
      AUTH_TOKEN,
      '--agent',
      'sleepy',
    ]);

    expect(code).toBe(1);
    expect(stderr).toBe(
      'Error: --agent must be one of answer, decline, busy, unavailable, no-answer, fail, got "sleepy"\n',
    );
  });
});
