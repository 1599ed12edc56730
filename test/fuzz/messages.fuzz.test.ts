import fc from 'fast-check';
import type { ZodMiniType } from 'zod/mini';
import { missedCallNotice, parseMessage, redialEvent } from '../../lambdas/domain/events';
import { fuzzParameters, fuzzTitle } from './fuzz-settings';
import { absurdNumber } from './twilio-arbitraries';

/**
 * The consumers' parsing (parseMessage with the event schemas), given broken queue messages: it
 * returns a value its schema accepts or throws one of its two clear errors (the batch processor
 * reports the record, SQS dead-letters it after three receives), never anything else.
 */

const CALL = `CA${'1'.repeat(32)}`;
const envelope = { version: 1, occurredAt: '2026-11-25T10:00:00.000Z', callSid: CALL };
const parties = { from: '+15005550006', to: '+442071234567' };

/** One valid message of each shape the consumers read, to be broken field by field. */
const EVENTS = [
  { type: 'call-started', ...envelope, idempotencyKey: 'a', ...parties, open: true, agentId: 'alice' },
  {
    type: 'dial-outcome',
    ...envelope,
    idempotencyKey: 'b',
    accountSid: `AC${'0'.repeat(32)}`,
    ...parties,
    agentId: 'alice',
    huntPosition: 0,
    huntExhausted: false,
    legKind: 'sip',
    dialCallStatus: 'busy',
    sipResponseCode: 603,
    sipHeaders: { 'X-Reason': 'user' },
    ringSeconds: 8,
    disposition: 'declined-by-user',
    rule: 'r',
    callerNextStep: 'voicemail',
  },
  {
    type: 'voicemail-recorded',
    ...envelope,
    idempotencyKey: 'c',
    recordingSid: `RE${'2'.repeat(32)}`,
    recordingUrl: `https://api.twilio.com/2010-04-01/Recordings/RE${'2'.repeat(32)}`,
    durationSeconds: 12,
  },
  {
    type: 'callback-attempt',
    ...envelope,
    idempotencyKey: 'd',
    attempt: 1,
    agentId: 'bob',
    stage: 'ended',
    outcome: 'agent-busy',
  },
];
const NOTICE = {
  type: 'missed-call',
  version: 2,
  idempotencyKey: `missed-call:${CALL}`,
  kind: 'voicemail',
  severity: 'warning',
  callSid: CALL,
  ...parties,
  agentId: 'alice',
  disposition: 'busy',
  voicemailUrl: `https://api.twilio.com/2010-04-01/Recordings/RE${'2'.repeat(32)}`,
  occurredAt: '2026-11-25T10:00:00.000Z',
};

const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  absurdNumber,
  absurdNumber.map(Number),
  fc.constantFrom(
    'javascript:alert(1)',
    'http://api.twilio.com/x',
    '',
    ' ',
    'undefined',
    'null',
    '<Play>x</Play>',
    '\u0000',
  ),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 99999, 1.5, -0, 2 ** 53 + 1),
);

/** A valid message with fields deleted, replaced, added (prototype names among them), as JSON. */
function broken(valid: object): fc.Arbitrary<string> {
  const keys = Object.keys(valid);
  return fc
    .tuple(
      fc.subarray(keys),
      fc.array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(...keys),
            fc.constantFrom('__proto__', 'constructor', 'type', 'version'),
            fc.string({ maxLength: 8 }),
          ),
          hostileValue,
        ),
        { maxLength: 4 },
      ),
    )
    .map(([deleted, replaced]) => {
      const copy: Record<string, unknown> = { ...valid };
      for (const key of deleted) delete copy[key];
      for (const [key, value] of replaced)
        Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
      return JSON.stringify(copy);
    });
}

/** Bodies that are not a message at all: random text, random JSON, truncated JSON, deep nesting. */
const junk = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.constantFrom(...EVENTS, NOTICE).chain((valid) => {
    const json = JSON.stringify(valid);
    return fc.nat({ max: json.length - 1 }).map((cut) => json.slice(0, cut));
  }),
  fc.integer({ min: 1, max: 5000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.constantFrom('', 'null', '""', '[]', '{}', 'NaN', '1e999', '{"type":"missed-call"}'),
);

const CLEAR_ERROR = /^message (body is not JSON|does not match the schema): /;
let cases = 0;

function parsesOrExplains(schema: ZodMiniType, body: string): void {
  cases += 1;
  let parsed: unknown;
  try {
    parsed = parseMessage(schema, body);
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(CLEAR_ERROR);
    return;
  }
  // What passes is what the schema accepts: parsing it again gives the same value.
  expect(schema.parse(parsed)).toEqual(parsed);
}

afterAll(() => console.log(fuzzTitle(`message fuzz: ${cases} messages`)));

describe(fuzzTitle('consumer message fuzz'), () => {
  it('a dial-outcomes message (redialEvent) is read or refused with a clear schema error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...EVENTS).chain(broken), junk), (body) =>
        parsesOrExplains(redialEvent, body),
      ),
      fuzzParameters(1000),
    );
  });

  it('a missed-calls message (missedCallNotice) is read or refused with a clear schema error', () => {
    fc.assert(
      fc.property(fc.oneof(broken(NOTICE), junk), (body) => parsesOrExplains(missedCallNotice, body)),
      fuzzParameters(1000),
    );
  });

  it('the valid messages the fuzz starts from do parse (else it would only ever test refusals)', () => {
    for (const event of EVENTS) expect(parseMessage(redialEvent, JSON.stringify(event))).toEqual(event);
    expect(parseMessage(missedCallNotice, JSON.stringify(NOTICE))).toEqual(NOTICE);
  });
});
