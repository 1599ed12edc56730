import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../tools/command-line/errors';
import { LocalStackError, OptionsError, parseCommandLine } from '../../tools/twilio-emulator';
import { runCall } from '../../tools/twilio-emulator/call-command';
import {
  type LocalStackDefaults,
  readLocalStackDefaults,
} from '../../tools/twilio-emulator/local-stack-defaults';
import { localState, projectWithLocalState } from '../support/local-state-fixture';

const LOCAL = {
  apiBaseUrl: 'http://127.0.0.1:3000',
  authToken: 'local-token',
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  firstNumber: '+442071234567',
};

function parse(argv: string[], env: NodeJS.ProcessEnv = {}, local: LocalStackDefaults = LOCAL) {
  return parseCommandLine(argv, env, local);
}

/** `redial call --help`: the help, without reading the local stack. */
async function help(): Promise<{ code: number; text: string }> {
  const out: string[] = [];
  const noLocalStack = () => {
    throw new Error('--help read the local stack');
  };
  const code = await runCall(['--help'], { out: (line) => out.push(line), err: () => {} }, {}, noLocalStack);
  return { code, text: out.join('\n') };
}

describe('parseCommandLine', () => {
  it('takes its defaults from the local stack', () => {
    expect(parse([])).toEqual({
      output: 'text',
      call: {
        baseUrl: 'http://127.0.0.1:3000',
        authToken: 'local-token',
        accountSid: 'AC0123456789abcdef0123456789abcdef',
        from: '+15005550006',
        to: '+442071234567',
        agent: 'answer',
        ringSeconds: 2,
        sipHeaders: {},
        talkSeconds: 30,
        digits: [],
        recordSeconds: 12,
        maxSteps: 20,
        statusCallback: 'http://127.0.0.1:3000/voice/call-status',
        fallbackUrl: 'http://127.0.0.1:3000/voice/fallback',
      },
    });
  });

  it('prefers the options, then TWILIO_AUTH_TOKEN, to the local stack', () => {
    const { call, output } = parse(
      [
        '--url=https://abc.execute-api.eu-west-2.amazonaws.com/prod',
        '--to',
        '+441614960000',
        '--agent',
        'decline',
        '--ring-seconds',
        '8.5',
        '--sip-code',
        '486',
        '--sip-header',
        'X-Decline-Reason=user',
        '--sip-header',
        'X-Note=a=b',
        '--caller-hangup-after',
        '20',
        '--digits',
        '1,,2#',
        '--record-seconds',
        '0',
        '--max-steps',
        '5',
        '--json',
      ],
      { TWILIO_AUTH_TOKEN: 'env-token' },
    );

    expect(output).toBe('json');
    expect(call).toMatchObject({
      baseUrl: 'https://abc.execute-api.eu-west-2.amazonaws.com/prod',
      authToken: 'env-token',
      to: '+441614960000',
      agent: 'decline',
      ringSeconds: 8.5,
      sipCode: 486,
      sipHeaders: { 'X-Decline-Reason': 'user', 'X-Note': 'a=b' },
      callerHangupAfter: 20,
      digits: ['1', '', '2#'],
      recordSeconds: 0,
      maxSteps: 5,
    });
    expect(parse(['--auth-token', 'flag-token'], { TWILIO_AUTH_TOKEN: 'env-token' }).call.authToken).toBe(
      'flag-token',
    );
  });

  it('falls back to a test account SID without a local stack', () => {
    const { call } = parse(
      ['--url', 'http://localhost:3000', '--auth-token', 't', '--to', '+442071234567'],
      {},
      {} as typeof LOCAL,
    );

    expect(call.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
  });

  it('answers --help without needing anything else', async () => {
    const { code, text } = await help();
    expect(code).toBe(0);
    expect(text).toMatch(/^Usage: redial call \[options\]/);
    expect(text).toContain('npm run call -- [options] runs it too.');
  });

  it.each([
    [['--nope'], "unknown option '--nope'"],
    [['extra'], 'too many arguments. Expected 0 arguments but got 1.'],
    [['--json', '--quiet'], "option '--json' cannot be used with option '--quiet'"],
    [['--agent'], "option '--agent <scenario>' argument missing"],
  ])('leaves %j to commander, a usage error', (argv, message) => {
    expect(() => parse(argv)).toThrow(UsageError);
    expect(() => parse(argv)).toThrow(message);
  });

  it.each([
    [['--ring-seconds', '-1'], '--ring-seconds must be between 0 and 600 seconds, got -1'],
    [
      ['--agent', 'sleepy'],
      '--agent must be one of answer, decline, busy, unavailable, no-answer, fail, got "sleepy"',
    ],
    [['--ring-seconds', 'soon'], '--ring-seconds must be a number, got "soon"'],
    [['--ring-seconds=-1'], '--ring-seconds must be between 0 and 600 seconds, got -1'],
    [['--sip-code', '180'], '--sip-code must be 200 or a SIP failure code from 400 to 699, got 180'],
    [['--agent', 'no-answer', '--sip-code', '486'], '--sip-code does not fit --agent no-answer'],
    [['--sip-header', 'Reason=user'], '--sip-header names must start with X-'],
    [['--sip-header', 'X-Reason'], '--sip-header must look like X-Name=value, got "X-Reason"'],
    [['--digits', '12a'], '--digits may hold only 0-9, * and #'],
    [['--max-steps', '0'], '--max-steps must be a whole number of at least 1, got 0'],
    [['--to', '02071234567'], '--to must be an E.164 number'],
    [['--from', '+44 20'], '--from must be an E.164 number'],
    [['--account-sid', 'AC123'], '--account-sid must be AC + 32 hex digits'],
    [['--url', 'localhost:3000'], '--url must be an http(s) URL, got "localhost:3000"'],
    [
      ['--status-callback', '/voice/call-status'],
      '--status-callback must be an http(s) URL or none, got "/voice/call-status"',
    ],
    [
      ['--status-callback', 'http://exa mple.com/'],
      '--status-callback must be an http(s) URL or none, got "http://exa mple.com/"',
    ],
    [
      ['--fallback-url', '/voice/fallback'],
      '--fallback-url must be an http(s) URL or none, got "/voice/fallback"',
    ],
  ])('rejects %j', (argv, message) => {
    expect(() => parse(argv)).toThrow(OptionsError);
    expect(() => parse(argv)).toThrow(message);
  });

  describe('--callback-*', () => {
    const withEmulator = { ...LOCAL, twilioApiBaseUrl: 'http://127.0.0.1:4010' };

    it("makes a callback script for the local stack's Twilio emulator, answering by default", () => {
      expect(parse(['--callback-agent', 'busy,answer'], {}, withEmulator).callbacks).toEqual({
        script: { agent: ['busy', 'answer'], customer: ['answer'] },
        emulatorUrl: 'http://127.0.0.1:4010',
      });
      expect(
        parse(['--callback-customer', 'no-answer', '--callback-digits', ',1'], {}, withEmulator).callbacks
          ?.script,
      ).toEqual({ agent: ['answer'], customer: ['no-answer'], digits: ['', '1'] });
    });

    it('scripts nothing without them', () => {
      expect(parse([], {}, withEmulator)).not.toHaveProperty('callbacks');
    });

    it.each([
      [
        ['--callback-agent', 'busy,sleepy'],
        '--callback-agent must be one of answer, busy, decline, unavailable, no-answer, fail, got "sleepy"',
      ],
      [
        ['--callback-customer', 'decline'],
        '--callback-customer must be one of answer, busy, no-answer, fail, got "decline"',
      ],
      [['--callback-digits', '1,x'], '--callback-digits may hold only 0-9, * and #, got "x"'],
    ])('rejects %j', (argv, message) => {
      expect(() => parse(argv, {}, withEmulator)).toThrow(new OptionsError(message));
    });

    it('needs the local stack to have a Twilio emulator', () => {
      expect(() => parse(['--callback-agent', 'busy'])).toThrow(LocalStackError);
      expect(() => parse(['--callback-agent', 'busy'])).toThrow(
        /^no local stack here: --callback-\* scripts the callbacks its Twilio emulator plays/,
      );
    });
  });

  // The number's URLs the simulator posts to besides the voice URL: the same rules for both.
  describe.each([
    ['--status-callback', 'statusCallback', '/voice/call-status'],
    ['--fallback-url', 'fallbackUrl', '/voice/fallback'],
  ] as const)('%s', (flag, field, route) => {
    it(`defaults to ${route} under the API base URL, stage path included`, () => {
      expect(parse(['--url', 'https://abc.example.com/prod/']).call[field]).toBe(
        `https://abc.example.com/prod${route}`,
      );
    });

    it('takes another URL, or none for a number without one', () => {
      expect(parse([flag, 'https://hooks.example.com/elsewhere']).call[field]).toBe(
        'https://hooks.example.com/elsewhere',
      );
      expect(parse([flag, 'none']).call[field]).toBeNull();
    });

    it('is documented in --help', async () => {
      expect((await help()).text).toMatch(new RegExp(`${flag} <url\\|none> .*\\n.*${route}; none: `));
    });
  });

  it('accepts a withheld caller ID', () => {
    expect(parse(['--from', 'anonymous']).call.from).toBe('anonymous');
  });

  it.each([
    ['apiBaseUrl', { ...LOCAL, apiBaseUrl: undefined }, 'no API URL: pass --url, or start the local stack'],
    [
      'authToken',
      { ...LOCAL, authToken: undefined },
      'no auth token: pass --auth-token, set TWILIO_AUTH_TOKEN',
    ],
    ['firstNumber', { ...LOCAL, firstNumber: undefined }, 'no number to call: pass --to'],
  ])('says where to get a missing %s', (_field, local, message) => {
    expect(() => parseCommandLine([], {}, local)).toThrow(message);
  });
});

describe('readLocalStackDefaults', () => {
  function projectWith(localJson: string): string {
    const dir = projectWithLocalState();
    mkdirSync(join(dir, '.redial'));
    writeFileSync(join(dir, '.redial', 'local.json'), localJson);
    return dir;
  }

  it('reads what the local stack writes', () => {
    const state = localState({
      apiBaseUrl: 'http://127.0.0.1:3000',
      twilio: { accountSid: LOCAL.accountSid, authToken: 'local-token', apiBaseUrl: 'http://127.0.0.1:4010' },
      numbers: ['+442071234567', '+441614960000'],
    });

    expect(readLocalStackDefaults(projectWithLocalState(state))).toEqual({
      ...LOCAL,
      twilioApiBaseUrl: 'http://127.0.0.1:4010',
    });
  });

  it('gives no defaults without a local stack, nor for a broken one, but says why', () => {
    expect(readLocalStackDefaults(projectWithLocalState())).toEqual({});
    expect(readLocalStackDefaults(projectWith('{ nope'))).toEqual({
      unreadable: expect.stringMatching(/local\.json is not valid JSON/),
    });
    expect(readLocalStackDefaults(projectWith('{"twilio":{}}'))).toEqual({
      unreadable: expect.stringMatching(
        /local\.json is not a local stack state file \(apiBaseUrl: .*\); restart the local stack with npm start$/,
      ),
    });
  });

  it('runs a call whose options say everything despite a broken file, and blames the file otherwise', () => {
    const broken = { unreadable: '.redial/local.json is not a local stack state file (configFile: …)' };
    const given = ['--url', 'http://127.0.0.1:3000', '--auth-token', 't', '--to', '+442071234567'];
    expect(parse(given, {}, broken).call.baseUrl).toBe('http://127.0.0.1:3000');
    expect(() => parse([], {}, broken)).toThrow(broken.unreadable);
    expect(() => parse([...given, '--callback-agent', 'busy'], {}, broken)).toThrow(broken.unreadable);
  });
});
