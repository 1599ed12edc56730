import fc from 'fast-check';

/**
 * What a hostile or broken Twilio request can hold. Each field is, by turns, what Twilio really
 * sends (so the request reaches the deep paths: dial outcomes, voicemail, callbacks) and
 * something it never would: markup, control characters, absurd numbers, foreign URLs.
 */

const sid = (prefix: string) => fc.stringMatching(/^[0-9a-f]{32}$/).map((hex) => `${prefix}${hex}`);

/** Elements Redial never writes: one in an answer can only have come from the request. */
export const INJECTED_ELEMENTS = ['Play', 'Enqueue', 'Conference', 'Client', 'Injected', 'Reject'];

const markup = fc.constantFrom(
  '<Play>https://evil.example/a.mp3</Play>',
  '</Say><Redirect>https://evil.example/twiml</Redirect><Say>',
  '"><Injected/><x a="',
  "'/><Reject/>",
  ']]><Enqueue>q</Enqueue><![CDATA[',
  '<!-- <Conference>c</Conference> -->',
  '<?xml version="1.0"?><Response><Client>x</Client></Response>',
  '&amp;&lt;&#0;&#x1F;&bogus;&',
);

const controls = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u001b[31m',
  '\r\n',
  '\u007f',
  '\ufffe',
  '\uffff',
  '\ud800',
  '\u202e',
  '\u2028',
);

/** Numbers no call has: SIP 99999, negative durations, NaN, overflow, hex, full-width digits. */
export const absurdNumber = fc.oneof(
  fc.constantFrom(
    '99999',
    '-1',
    '-0',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '0x1F',
    '１２',
    '1.5',
    '',
    ' ',
  ),
  fc.constantFrom('9007199254740993', '-99999999999', '1e-400', '+603', '603 ', '6_03'),
  fc.double().map(String),
  fc.integer().map(String),
);

const foreignUrl = fc.constantFrom(
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.cookie)',
  'data:text/html,<script>alert(1)</script>',
  'http://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1',
  'https://evil.example/Recordings/RE1',
  'https://api.twilio.com.evil.example/Recordings/RE1',
  'https://evil.example@api.twilio.com.evil.example/x',
  'https://api.twilio.com@evil.example/x',
  '//evil.example/x',
  'https://api.twilio.com:8443/x',
  'not a url',
);

const twilioUrl = sid('RE').map(
  (re) => `https://api.twilio.com/2010-04-01/Accounts/AC${'0'.repeat(32)}/Recordings/${re}`,
);

/** Free text: any code points, and now and then a hostile piece inside otherwise plain text. */
const freeText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .tuple(fc.string({ maxLength: 10 }), fc.oneof(markup, controls), fc.string({ maxLength: 10 }))
    .map((parts) => parts.join('')),
);

/** Anything a field might hold, the field's real value weighted up. */
function field(real: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: real, weight: 4 },
    { arbitrary: markup, weight: 1 },
    { arbitrary: controls, weight: 1 },
    { arbitrary: absurdNumber, weight: 1 },
    { arbitrary: foreignUrl, weight: 1 },
    { arbitrary: freeText, weight: 1 },
    { arbitrary: fc.tuple(real, fc.oneof(markup, controls)).map(([value, bad]) => value + bad), weight: 1 },
  );
}

const phone = fc.constantFrom(
  '+442071234567',
  '+441614960000',
  '+15005550006',
  'anonymous',
  'client:alice',
  'sip:alice@pbx.example',
);
const duration = fc.integer({ min: 0, max: 3600 }).map(String);
const sipCode = fc.constantFrom('200', '480', '486', '487', '603', '404', '500');

/** Every parameter a voice webhook of Redial's reads or Twilio sends, each maybe absent. */
export const twilioParams = fc.record(
  {
    CallSid: field(sid('CA')),
    AccountSid: field(sid('AC')),
    From: field(phone),
    To: field(phone),
    CallStatus: field(
      fc.constantFrom('ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled'),
    ),
    CallDuration: field(duration),
    Direction: field(fc.constantFrom('inbound', 'outbound-api', 'outbound-dial')),
    CallerName: field(fc.string({ maxLength: 20 })),
    ForwardedFrom: field(phone),
    DialCallStatus: field(
      fc.constantFrom('completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'),
    ),
    DialCallSid: field(sid('CA')),
    DialCallDuration: field(duration),
    DialSipResponseCode: field(sipCode),
    'DialSipHeader_X-Decline-Reason': field(fc.constantFrom('rule', 'user', 'dnd')),
    Digits: field(fc.constantFrom('1', '2', '#', 'hangup', '')),
    RecordingUrl: field(twilioUrl),
    RecordingSid: field(sid('RE')),
    RecordingStatus: field(fc.constantFrom('completed', 'absent', 'failed')),
    RecordingDuration: field(duration),
    TranscriptionStatus: field(fc.constantFrom('completed', 'failed')),
    TranscriptionText: field(fc.lorem({ maxCount: 20 })),
    TranscriptionUrl: field(twilioUrl.map((url) => url.replace('Recordings', 'Transcriptions'))),
  },
  { requiredKeys: [] },
);

/** Names Twilio never sends, prototype keys among them. */
const strangeName = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'DialSipHeader_',
    'DialSipHeader_<x>',
    '',
  ),
  fc.string({ maxLength: 12 }),
);

/** A form body: the parameters, sometimes with extra names and some names given twice. */
export const formBody = fc
  .tuple(
    twilioParams,
    fc.array(fc.tuple(strangeName, field(fc.string({ maxLength: 10 }))), { maxLength: 3 }),
    fc.array(
      fc.tuple(
        fc.constantFrom('CallSid', 'From', 'To', 'RecordingUrl', 'Digits', 'DialSipResponseCode'),
        field(fc.string({ maxLength: 10 })),
      ),
      { maxLength: 2 },
    ),
    fc.boolean(),
  )
  .map(([params, extra, duplicated, duplicatesFirst]) => {
    const entries = [...Object.entries(params), ...extra];
    const all = duplicatesFirst ? [...duplicated, ...entries] : [...entries, ...duplicated];
    return new URLSearchParams(all).toString();
  });

/** The query strings Redial's own URLs carry (dial action, callback choice, callback legs), fuzzed. */
export const voiceQuery = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record(
        {
          agent: field(fc.constantFrom('alice', 'bob', 'carol', 'unknown')),
          pos: field(fc.integer({ min: 0, max: 3 }).map(String)),
          dialedAt: field(fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }).map(String)),
          reason: field(
            fc.constantFrom('closed', 'busy', 'declined-by-user', 'declined-by-policy', 'unavailable'),
          ),
          callback: field(sid('CA')),
          attempt: field(fc.integer({ min: 1, max: 5 }).map(String)),
          customer: field(phone),
          at: field(fc.date({ noInvalidDate: true }).map((date) => date.toISOString())),
        },
        { requiredKeys: [] },
      )
      .map((query) => new URLSearchParams(query).toString()),
  },
  // Raw, unencoded: what a tampered or broken URL would bring.
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).map((raw) => raw.replace(/[#\s]/g, '')),
  },
);

/** Content types a webhook should refuse (or, for the form types, read). */
export const contentType = fc.oneof(
  fc.constantFrom(
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=utf-8',
    'APPLICATION/X-WWW-FORM-URLENCODED',
    'application/json',
    'text/xml',
    'multipart/form-data; boundary=x',
    'text/plain',
    '',
    'application/x-www-form-urlencodedX',
  ),
  fc.string({ maxLength: 30 }),
);

/** Bodies that are not Twilio's: JSON, XML, multipart, binary, broken percent-encoding, empty. */
export const malformedBody = fc.oneof(
  formBody,
  fc.json().map(String),
  fc.constantFrom(
    '<Response><Play>x</Play></Response>',
    '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
    '%',
    '%zz=%E0%A4%A',
    '&&&==&',
    '=',
    'a=%00%01%ff',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);
