import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTwilioRestEmulator } from '../../tools/twilio-emulator';
import { localState, projectWithLocalState } from '../support/local-state-fixture';
import {
  AUTH_TOKEN,
  callbackRoutes,
  type FakeRedial,
  REDIAL_NUMBER,
  startFakeRedial,
  twiml,
} from './fake-redial-server';

const run = promisify(execFile);

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const ROOT = join(__dirname, '..', '..');
const REDIAL = join(ROOT, 'bin', 'redial.cjs');

/** `npm run call -- …` (`redial call …`) without npm's own output: exit code, stdout and stderr. */
async function callCommand(
  args: string[],
  cwd = ROOT,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [REDIAL, 'call', ...args], {
      cwd,
      env: { ...process.env, TWILIO_AUTH_TOKEN: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run call (redial call)', () => {
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
    expect(stdout).toContain('completed call status callback: POST /voice/call-status');
    expect(stdout.trim().split('\n').at(-1)).toBe(
      'Call completed: Twilio hung up (<Hangup>), after 3 webhooks',
    );
  });

  it('prints the transcript as JSON', async () => {
    const { code, stdout } = await callCommand([...target(), '--auth-token', AUTH_TOKEN, '--json']);

    expect(code).toBe(0);
    const transcript = JSON.parse(stdout);
    expect(transcript.steps.map((step: { label: string }) => step.label)).toEqual([
      'incoming call',
      'dial action',
      'completed call status callback',
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
      expect.stringMatching(/^Call failed: incoming call: .* answered HTTP 403 Forbidden/),
    ]);
  });

  describe('--callback-*', () => {
    const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';

    /** A project directory whose local stack plays Twilio's REST API at `emulatorUrl`. */
    const localStack = (emulatorUrl: string) =>
      projectWithLocalState(
        localState({ twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: emulatorUrl } }),
      );

    it('scripts the callbacks of the call in the Twilio emulator', async () => {
      const emulator = await startTwilioRestEmulator({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        ringSeconds: 0.05,
      });
      const redial = await startFakeRedial(callbackRoutes());
      try {
        const cwd = localStack(emulator.url);
        const { code, stdout } = await callCommand(
          [...target(), '--auth-token', AUTH_TOKEN, '--callback-agent', 'busy,answer'],
          cwd,
        );

        expect(code).toBe(0);
        const callSid = stdout.match(/^Call (CA[0-9a-f]{32}) /)?.[1];
        expect(stdout.trim().split('\n').at(-1)).toBe(
          `Callbacks for ${callSid} in the Twilio emulator: call 1: agent is busy; call 2 and later: agent answers and presses 1, customer answers`,
        );
        const placed = await placeCallback(
          emulator.url,
          `${redial.baseUrl}/voice/callback-answer?callback=${callSid}`,
        );
        expect(placed.status).toBe(201);
        await Promise.all(emulator.calls().map((call) => call.ended));
        expect(emulator.calls().map((call) => [call.scripted, call.status])).toEqual([[true, 'busy']]);
      } finally {
        await emulator.stop();
        await redial.close();
      }
    });

    it('exits 2 before calling when no local stack ran here', async () => {
      const cwd = projectWithLocalState();
      const requestsBefore = server.requests.length;
      const { code, stdout, stderr } = await callCommand(
        [...target(), '--auth-token', AUTH_TOKEN, '--callback-customer', 'busy'],
        cwd,
      );

      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^redial call: no local stack here: --callback-\* scripts the callbacks /);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(server.requests).toHaveLength(requestsBefore);
    });

    /** What Redial's worker does, without twilio-node: POST Calls.json with Basic auth. */
    function placeCallback(emulatorUrl: string, url: string): Promise<Response> {
      return fetch(`${emulatorUrl}/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}` },
        body: new URLSearchParams({ To: 'sip:alice@pbx', From: REDIAL_NUMBER, Url: url }),
      });
    }
  });

  it('exits 2 with one line for a bad option', async () => {
    const { code, stderr } = await callCommand([
      ...target(),
      '--auth-token',
      AUTH_TOKEN,
      '--agent',
      'sleepy',
    ]);

    expect(code).toBe(2);
    expect(stderr).toBe(
      'redial call: --agent must be one of answer, decline, busy, unavailable, no-answer, fail, got "sleepy" (see redial call --help)\n',
    );
  });

  it('exits 2 with one line for an unknown option', async () => {
    const { code, stdout, stderr } = await callCommand([...target(), '--ring-secs', '8']);

    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(
      "redial call: unknown option '--ring-secs'; did you mean --ring-seconds? (see redial call --help)\n",
    );
  });

  it('exits 2 with one line when the API cannot be reached', async () => {
    const closed = await closedPort();
    const { code, stderr } = await callCommand([
      '--url',
      `http://127.0.0.1:${closed}`,
      '--to',
      REDIAL_NUMBER,
      '--auth-token',
      AUTH_TOKEN,
    ]);

    expect(code).toBe(2);
    expect(stderr).toMatch(
      new RegExp(
        `^redial call: cannot reach http://127\\.0\\.0\\.1:${closed}/voice/incoming: .*ECONNREFUSED[^\\n]*\\n$`,
      ),
    );
  });
});
