import { ConfigError, parseConfig } from '../../lambdas/domain/config';
import { exampleConfigJson } from '../support/example-config';

function parseWith(change: (config: Record<string, any>) => void): () => unknown {
  const raw = exampleConfigJson() as Record<string, any>;
  change(raw);
  return () => parseConfig(raw, 'test.json');
}

/** The ConfigError's field lines ("agents.0.dial: must be …"), without the heading. */
function issueLines(change: (config: Record<string, any>) => void): string[] {
  try {
    parseWith(change)();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const [heading, ...lines] = (error as Error).message.split('\n');
    expect(heading).toBe('Invalid Redial config (test.json):');
    return lines.map((line) => line.replace(/^ {2}- /, ''));
  }
  throw new Error('the config was accepted');
}

/** Zod's own wording, which says that something is wrong but not what is expected. */
const GENERIC = /Invalid (input|option|email|URL|string)|Too (small|big)|expected \w+, received|Unrecognized/;

describe('parseConfig', () => {
  it('accepts the example config and fills defaults', () => {
    const config = parseConfig(exampleConfigJson());
    expect(config.numbers[0].huntList).toEqual(['alice', 'bob', 'carol']);
    expect(config.openingHours.sun).toEqual([]);
    expect(config.prompts.voicemail.voice).toBe('Polly.Amy');
  });

  it.each([
    [
      'timezone',
      (c: any) => (c.timezone = 'Mars/Olympus'),
      'timezone: must be an IANA timezone (Europe/London)',
    ],
    [
      'an agent dial target',
      (c: any) => (c.agents[0].dial = '07700 900101'),
      'agents.0.dial: must be a sip: URI (sip:alice@pbx.example.com) or an E.164 number (+442071234567)',
    ],
    [
      'an agent dial target of the wrong type',
      (c: any) => (c.agents[0].dial = 447700900101),
      'agents.0.dial: must be a sip: URI (sip:alice@pbx.example.com) or an E.164 number (+442071234567)',
    ],
    [
      'a Twilio number',
      (c: any) => (c.numbers[0].number = '0207'),
      'numbers.0.number: must be an E.164 number (+442071234567)',
    ],
    [
      'opening hours',
      (c: any) => (c.openingHours.mon = [{ open: '18:00', close: '09:00' }]),
      'openingHours.mon.0: open (18:00) must be before close (09:00)',
    ],
    [
      'a closing time',
      (c: any) => (c.openingHours.mon = [{ open: '09:00', close: '25:00' }]),
      'openingHours.mon.0.close: must be a 24-hour time (17:30), or 24:00 for midnight',
    ],
    [
      'a closure date',
      (c: any) => (c.closures[0].date = '2026-02-30'),
      'closures.0.date: must be a date written YYYY-MM-DD (2026-12-25)',
    ],
    [
      'a hunt list entry',
      (c: any) => (c.numbers[0].huntList = ['alice', 'zed']),
      'numbers.0.huntList.1: names agent "zed", which is not in agents',
    ],
    [
      'a dial timeout',
      (c: any) => (c.numbers[0].dialTimeoutSeconds = 2),
      'numbers.0.dialTimeoutSeconds: must be a whole number of seconds from 5 to 600',
    ],
    [
      'a dial timeout written as text',
      (c: any) => (c.numbers[0].dialTimeoutSeconds = '20'),
      'numbers.0.dialTimeoutSeconds: must be a whole number of seconds from 5 to 600',
    ],
    [
      'a missing prompt',
      (c: any) => delete c.prompts.voicemail,
      'prompts.voicemail: is required and must be a prompt such as { "text": "Thanks for calling." }',
    ],
    [
      'an automatic callback outcome',
      (c: any) => (c.callbackPolicy.automaticFor = ['bussy']),
      'callbackPolicy.automaticFor.0: must be one of declined-by-policy, busy, unavailable, failed, abandoned',
    ],
    [
      'the backoff multiplier',
      (c: any) => (c.callbackPolicy.backoffMultiplier = 0.5),
      'callbackPolicy.backoffMultiplier: must be a number from 1 to 10',
    ],
    [
      'transcription',
      (c: any) => (c.voicemail = { transcribe: 'yes' }),
      'voicemail.transcribe: must be true or false',
    ],
    [
      'an https alert target',
      (c: any) => (c.supervisors.https = ['http://hooks.example.com/redial']),
      'supervisors.https.0: must be an https:// URL (https://hooks.example.com/redial)',
    ],
    [
      'an operations email',
      (c: any) => (c.operations = { email: ['ops'] }),
      'operations.email.0: must be an email address (alice@example.com)',
    ],
    [
      'an operations SMS number',
      (c: any) => (c.operations = { sms: ['07700 900101'] }),
      'operations.sms.0: must be an E.164 number (+442071234567)',
    ],
    [
      'an operations https endpoint',
      (c: any) => (c.operations = { https: ['http://ops.example.com/alarms'] }),
      'operations.https.0: must be an https:// URL (https://hooks.example.com/redial)',
    ],
    [
      'the operations section',
      (c: any) => (c.operations = ['ops@example.com']),
      "operations: must be an object of the operations team's alert lists: email, sms and https, each optional",
    ],
    [
      'an auto-attendant mark',
      (c: any) => (c.agents[0].alwaysAnswers = 'yes'),
      'agents.0.alwaysAnswers: must be true or false',
    ],
  ])('says what is expected when %s is wrong', (_name, change, expected) => {
    expect(issueLines(change)).toEqual([expected]);
  });

  it('reports every bad field in one run, a bad hunt-list reference among them', () => {
    expect(
      issueLines((c) => {
        c.agents[0].dial = 'alice';
        c.numbers[0].huntList = ['alice', 'zed'];
        c.retentionDays = 0;
      }),
    ).toEqual([
      'agents.0.dial: must be a sip: URI (sip:alice@pbx.example.com) or an E.164 number (+442071234567)',
      'retentionDays: must be a whole number of days from 1 to 3650',
      'numbers.0.huntList.1: names agent "zed", which is not in agents',
    ]);
  });

  it('checks hunt-list references even when agents or numbers are malformed', () => {
    expect(
      issueLines((c) => {
        c.agents[1] = { id: 'bob' };
        c.numbers[1].huntList = ['carol', 7, 'dave'];
      }),
    ).toEqual([
      'agents.1.name: is required and must be a name (Alice Moreau)',
      'agents.1.dial: is required and must be a sip: URI (sip:alice@pbx.example.com) or an E.164 number (+442071234567)',
      'numbers.1.huntList.1: must be an agent id from agents (alice)',
      'numbers.1.huntList.2: names agent "dave", which is not in agents',
    ]);
  });

  it('reads who receives the operations alarms, and which agents always answer', () => {
    const config = parseConfig(exampleConfigJson());
    expect(config.operations).toEqual({ email: [], sms: [], https: [] });
    expect(config.agents.some((agent) => agent.alwaysAnswers)).toBe(false);
    const marked = parseWith((c) => {
      c.operations = { email: ['ops@example.com'], https: ['https://ops.example.com/alarms'] };
      c.agents[2].alwaysAnswers = true;
    })() as ReturnType<typeof parseConfig>;
    expect(marked.operations).toEqual({
      email: ['ops@example.com'],
      sms: [],
      https: ['https://ops.example.com/alarms'],
    });
    expect(marked.agents.map((agent) => agent.alwaysAnswers ?? false)).toEqual([false, false, true]);
  });

  it('says what the whole file should be when it is not an object', () => {
    expect(() => parseConfig([], 'test.json')).toThrow(
      '(root): must be a JSON object with timezone, openingHours, agents, numbers and prompts',
    );
  });

  it("never answers with zod's generic wording, whichever field is wrong or missing", () => {
    const complete = completeConfigJson();
    const vague = everyPath(complete).flatMap((path) =>
      [{ wrong: true }, 'nonsense', -1, 1.5, undefined].flatMap((value) => {
        const raw = structuredClone(complete);
        setAt(raw, path, value);
        return issuesOf(raw).filter((line) => GENERIC.test(line));
      }),
    );
    expect(vague).toEqual([]);
  });
});

/** The example config with every optional field given, so that each can be broken in turn. */
function completeConfigJson(): Record<string, any> {
  const raw = exampleConfigJson() as Record<string, any>;
  raw.agents[0].alerts.https = ['https://hooks.example.com/redial'];
  raw.numbers[0].callerId = '+442071234567';
  raw.prompts.greeting.voice = 'Polly.Brian';
  raw.prompts.greeting.language = 'en-GB';
  for (const name of ['callbackScheduled', 'callbackBriefing', 'callbackNoAnswer']) {
    raw.prompts[name] = { text: 'Text.' };
  }
  raw.callbackPolicy = { ...raw.callbackPolicy, maxPerRun: 10, automaticFor: ['busy'] };
  raw.voicemail = { maxLengthSeconds: 120, transcribe: false };
  raw.supervisors = { email: ['a@example.com'], sms: ['+447700900101'], https: ['https://example.com/'] };
  raw.retentionDays = 400;
  raw.operations = {
    email: ['ops@example.com'],
    sms: ['+447700900199'],
    https: ['https://ops.example.com/'],
  };
  raw.agents[0].alwaysAnswers = false;
  return raw;
}

function issuesOf(raw: unknown): string[] {
  try {
    parseConfig(raw, 'test.json');
    return [];
  } catch (error) {
    return (error as Error).message.split('\n').slice(1);
  }
}

/** The path of every value in a JSON document, objects and lists included. */
function everyPath(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const children =
    typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([key, child]) =>
          everyPath(child, [...path, Array.isArray(value) ? Number(key) : key]),
        )
      : [];
  return path.length > 0 ? [path, ...children] : children;
}

/** Sets the value at `path`; undefined deletes it. */
function setAt(raw: Record<string, any>, path: (string | number)[], value: unknown): void {
  const parent = path.slice(0, -1).reduce((node, key) => node[key], raw);
  const key = path[path.length - 1];
  if (value === undefined) delete parent[key];
  else parent[key] = value;
}
