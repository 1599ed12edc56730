import * as z from 'zod/mini';

/**
 * Redial's one configuration file. It is validated at `cdk synth`, by the local stack and at every
 * Lambda cold start, so a mistake names its field before a single call is routed by it. Each message
 * says what the field expects, with an example, whether the value is missing, of the wrong type or out
 * of range; and every bad field is reported in the one run, cross references included.
 */

/**
 * Zod's `error` option that gives one expectation for every way a value can be wrong: missing, of the
 * wrong type, or failing a check. `expectation` follows the field's path: "must be …".
 */
function expecting(expectation: string) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined ? `is required and ${expectation}` : expectation,
  };
}

/** A string that must pass `test`; one check, so the message is the expectation, never "Invalid input". */
function stringThat(test: (value: string) => boolean, expectation: string) {
  return z.string(expecting(expectation)).check(z.refine(test, expectation));
}

/** E.164: the config's numbers, and any number Redial takes from a request it cannot verify. */
export const E164_NUMBER = /^\+[1-9]\d{6,14}$/;
const SIP_URI = /^sips?:[^@\s]+@[^\s]+$/;
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const e164 = stringThat((value) => E164_NUMBER.test(value), 'must be an E.164 number (+442071234567)');
const dialTarget = stringThat(
  (value) => SIP_URI.test(value) || E164_NUMBER.test(value),
  'must be a sip: URI (sip:alice@pbx.example.com) or an E.164 number (+442071234567)',
);
const openingTime = stringThat((value) => CLOCK_TIME.test(value), 'must be a 24-hour time (09:00)');
/** A closing time may be 24:00: open until midnight. */
const closingTime = stringThat(
  (value) => CLOCK_TIME.test(value) || value === '24:00',
  'must be a 24-hour time (17:30), or 24:00 for midnight',
);
const isoDate = stringThat(isCalendarDate, 'must be a date written YYYY-MM-DD (2026-12-25)');
const timezone = stringThat(isIanaTimezone, 'must be an IANA timezone (Europe/London)');

/** Text that may not be empty; `what` completes "must be", e.g. "a name (Alice Moreau)". */
const nonEmptyText = (what: string) => stringThat((value) => value.length > 0, `must be ${what}`);

/** Any text, e.g. a header value. */
const anyText = (what: string) => z.string(expecting(`must be ${what}`));

/** A whole number in a range: "must be a whole number of seconds from 5 to 600". */
function wholeNumber(unit: string, min: number, max?: number) {
  const expectation =
    max === undefined
      ? `must be a whole number of ${unit}, ${min} or more`
      : `must be a whole number of ${unit} from ${min} to ${max}`;
  const number = z.number(expecting(expectation)).check(z.int(expectation), z.gte(min, expectation));
  return max === undefined ? number : number.check(z.lte(max, expectation));
}

/** A number in a range, fractions allowed: "must be a number from 1 to 10". */
function numberBetween(expectation: string, min: number, max: number) {
  return z.number(expecting(expectation)).check(z.gte(min, expectation), z.lte(max, expectation));
}

const listOf = <T extends z.ZodMiniType>(item: T, what: string) =>
  z.array(item, expecting(`must be ${what}`));

const objectOf = <T extends z.core.$ZodLooseShape>(shape: T, what: string) =>
  z.object(shape, expecting(`must be ${what}`));

function isIanaTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

/** YYYY-MM-DD naming a day that exists: not 2026-02-30. */
function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const day = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(date);
}

const openingSpan = objectOf(
  { open: openingTime, close: closingTime },
  'an opening span such as { "open": "09:00", "close": "17:30" }',
).check(
  z.refine((span) => span.open < span.close, {
    // Only once both times are valid; a function, so the message names both: "open (18:00) must be …".
    when: (payload) => payload.issues.length === 0,
    error: (issue) => {
      const span = issue.input as { open: string; close: string };
      return `open (${span.open}) must be before close (${span.close})`;
    },
  }),
);

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const openingHours = objectOf(
  Object.fromEntries(
    WEEKDAYS.map((day) => [
      day,
      z._default(
        listOf(openingSpan, 'a list of opening spans such as [{ "open": "09:00", "close": "17:30" }]'),
        [],
      ),
    ]),
  ) as Record<Weekday, z.ZodMiniDefault<z.ZodMiniArray<typeof openingSpan>>>,
  `an object of opening spans by day (${WEEKDAYS.join(', ')})`,
);

const closure = objectOf(
  { date: isoDate, name: nonEmptyText('a name (Christmas Day)') },
  'a closure such as { "date": "2026-12-25", "name": "Christmas Day" }',
);

const alertTargets = {
  email: z._default(
    listOf(
      z.email(expecting('must be an email address (alice@example.com)')),
      'a list of email addresses (["alice@example.com"])',
    ),
    [],
  ),
  sms: z._default(listOf(e164, 'a list of E.164 numbers (["+447700900101"])'), []),
  https: z._default(
    listOf(
      z.url({
        protocol: /^https$/,
        ...expecting('must be an https:// URL (https://hooks.example.com/redial)'),
      }),
      'a list of https:// URLs (["https://hooks.example.com/redial"])',
    ),
    [],
  ),
};

/**
 * Who hears of missed calls: an agent's own alerts, or the supervisors', who hear of every one; and
 * who hears of the operations alarms.
 */
const alertSubscriptions = (whose: string) =>
  z._default(
    objectOf(alertTargets, `an object of ${whose} alert lists: email, sms and https, each optional`),
    {
      email: [],
      sms: [],
      https: [],
    },
  );

const agent = objectOf(
  {
    id: stringThat(
      (value) => /^[a-z0-9][a-z0-9-]{0,39}$/.test(value),
      'must be lower-case letters, digits and dashes, at most 40, not starting with a dash (alice)',
    ),
    name: nonEmptyText('a name (Alice Moreau)'),
    dial: dialTarget,
    alerts: alertSubscriptions("this agent's"),
    /**
     * An auto-attendant or queue that always picks up: any 603 from it is a fault, and raises the
     * operations alarm at once.
     */
    alwaysAnswers: z.optional(z.boolean(expecting('must be true or false'))),
  },
  'an agent such as { "id": "alice", "name": "Alice Moreau", "dial": "sip:alice@pbx.example.com" }',
);

const phoneLine = objectOf(
  {
    number: e164,
    huntList: listOf(
      anyText('an agent id from agents (alice)'),
      'a list of agent ids (["alice", "bob"])',
    ).check(z.minLength(1, 'needs at least one agent id')),
    dialTimeoutSeconds: z._default(wholeNumber('seconds', 5, 600), 20),
    callerId: z.optional(e164),
  },
  'a Twilio number such as { "number": "+442071234567", "huntList": ["alice"] }',
);

const prompt = objectOf(
  {
    text: nonEmptyText('the text to say (Thanks for calling.)'),
    voice: z._default(anyText('a Twilio voice name (Polly.Amy)'), 'Polly.Amy'),
    language: z._default(anyText('a language tag (en-GB)'), 'en-GB'),
  },
  'a prompt such as { "text": "Thanks for calling." }',
);

const prompts = objectOf(
  {
    greeting: z.optional(prompt),
    voicemail: prompt,
    closed: prompt,
    callbackOffer: prompt,
    callbackConfirmed: prompt,
    /**
     * Said after the confirmation when the business is closed; {when} becomes the next opening, as
     * "today at 13:30", "tomorrow at 09:00", "on Friday at 09:00" or "on Friday 2 April at 09:00".
     */
    callbackScheduled: z._default(prompt, {
      text: 'We open again {when}, and will call you back then.',
      voice: 'Polly.Amy',
      language: 'en-GB',
    }),
    voicemailThanks: prompt,
    /**
     * Said by the fallback (POST /voice/fallback) when Redial's webhook has failed, before the
     * voicemail prompt: the caller is told something went wrong, not that nobody is there.
     */
    fallbackApology: z._default(prompt, {
      text: "We're having trouble connecting your call.",
      voice: 'Polly.Amy',
      language: 'en-GB',
    }),
    /**
     * What an agent hears when a callback rings them: {customer}, {when} (when they called, as "today
     * at 03:22", "yesterday at 17:10" or "on Monday at 10:00") and {reason} are filled in.
     */
    callbackBriefing: z._default(prompt, {
      text: 'Callback for {customer}, who called {when}: {reason}. Press 1 to call them now.',
      voice: 'Polly.Amy',
      language: 'en-GB',
    }),
    /** What an agent hears when the customer does not pick up. */
    callbackNoAnswer: z._default(prompt, {
      text: 'The customer did not answer. We will try again later. Goodbye.',
      voice: 'Polly.Amy',
      language: 'en-GB',
    }),
  },
  'an object of prompts: voicemail, closed, callbackOffer, callbackConfirmed and voicemailThanks at least',
);

const declineValues = listOf(
  anyText('a header value (after-hours)'),
  'a list of header values (["after-hours"])',
);

const declineClassification = objectOf(
  {
    humanRingThresholdSeconds: z._default(
      numberBetween('must be a number of seconds from 0 to 120', 0, 120),
      3,
    ),
    reasonHeader: z.optional(
      stringThat((value) => /^X-[A-Za-z0-9-]+$/.test(value), 'must be an X- header name (X-Decline-Reason)'),
    ),
    userDeclineValues: z._default(declineValues, []),
    policyDeclineValues: z._default(declineValues, []),
  },
  'an object: humanRingThresholdSeconds, reasonHeader, userDeclineValues and policyDeclineValues, each optional',
);

const voicemail = objectOf(
  {
    maxLengthSeconds: z._default(wholeNumber('seconds', 5, 3600), 120),
    /** Twilio's built-in transcription: English only, recordings of 2–120 s. */
    transcribe: z._default(z.boolean(expecting('must be true or false')), false),
  },
  'an object: maxLengthSeconds and transcribe, each optional',
);

/** Dial outcomes after which Redial books a callback without being asked (hunt list exhausted). */
const AUTOMATIC_CALLBACK_DISPOSITIONS = [
  'declined-by-policy',
  'busy',
  'unavailable',
  'failed',
  'abandoned',
] as const;

const callbackPolicy = objectOf(
  {
    /** The most callbacks one worker run starts (each agent takes one at a time in any case). */
    maxPerRun: z._default(wholeNumber('callbacks', 1, 100), 10),
    automaticFor: z._default(
      listOf(
        z.enum(
          AUTOMATIC_CALLBACK_DISPOSITIONS,
          expecting(`must be one of ${AUTOMATIC_CALLBACK_DISPOSITIONS.join(', ')}`),
        ),
        'a list of dial outcomes (["busy", "unavailable"])',
      ),
      ['declined-by-policy', 'busy', 'unavailable'],
    ),
    initialDelaySeconds: z._default(wholeNumber('seconds', 0), 120),
    maxAttempts: z._default(wholeNumber('attempts', 1, 20), 3),
    retryDelaySeconds: z._default(wholeNumber('seconds', 5), 600),
    backoffMultiplier: z._default(numberBetween('must be a number from 1 to 10', 1, 10), 2),
  },
  'an object: maxPerRun, automaticFor, initialDelaySeconds, maxAttempts, retryDelaySeconds and backoffMultiplier, each optional',
);

/**
 * The webhook API's throttle: API Gateway's token bucket over the whole stage, refilled at
 * `rateLimit` requests a second and holding `burstLimit`. A call makes 4 to 12 requests over its
 * life, 6 on average (counted on the local stack: the incoming call, the end of each agent leg,
 * the dial action, the call's status, a recording and its transcription, a callback's own legs;
 * see docs/PERFORMANCE.md), so the default 50 a second takes some 8 calls a second, about 30,000
 * an hour: five times the peak of a 500-agent contact centre (12 calls an agent an hour), while a
 * flood of unsigned requests costs at most 50 Lambda runs a second. The burst of
 * 100 takes the first requests of 100 calls arriving in the same second. The rate stays under 300,
 * what the FIFO dial-outcomes queue accepts a second; past it, events would go to the outbox.
 */
export const DEFAULT_API_THROTTLE = { rateLimit: 50, burstLimit: 100 };

const api = objectOf(
  {
    throttle: z._default(
      objectOf(
        {
          rateLimit: z._default(wholeNumber('requests a second', 1, 300), DEFAULT_API_THROTTLE.rateLimit),
          burstLimit: z._default(wholeNumber('requests', 1, 5000), DEFAULT_API_THROTTLE.burstLimit),
        },
        'an object: rateLimit and burstLimit, each optional ({ "rateLimit": 50, "burstLimit": 100 })',
      ),
      DEFAULT_API_THROTTLE,
    ),
  },
  'an object: throttle, optional',
);

/**
 * Checks between fields: every hunt-list entry names an agent. It reads the raw input (values of any
 * shape) because it runs even when other fields are wrong, so that one run reports every bad field.
 */
function checkCrossReferences(input: unknown, ctx: z.core.$RefinementCtx): void {
  const config = asRecord(input);
  const agentIds = new Set(asArray(config.agents).map((candidate) => asRecord(candidate).id));
  asArray(config.numbers).forEach((line, lineIndex) => {
    asArray(asRecord(line).huntList).forEach((id, position) => {
      if (typeof id === 'string' && !agentIds.has(id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['numbers', lineIndex, 'huntList', position],
          message: `names agent "${id}", which is not in agents`,
        });
      }
    });
  });
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export const redialConfigSchema = objectOf(
  {
    timezone,
    openingHours,
    closures: z._default(
      listOf(closure, 'a list of closures such as [{ "date": "2026-12-25", "name": "Christmas Day" }]'),
      [],
    ),
    agents: listOf(agent, 'a list of agents').check(z.minLength(1, 'needs at least one agent')),
    numbers: listOf(phoneLine, 'a list of Twilio numbers').check(
      z.minLength(1, 'needs at least one Twilio number'),
    ),
    prompts,
    declineClassification: z._default(declineClassification, {
      humanRingThresholdSeconds: 3,
      userDeclineValues: [],
      policyDeclineValues: [],
    }),
    callbackPolicy: z._default(callbackPolicy, {
      maxPerRun: 10,
      automaticFor: ['declined-by-policy', 'busy', 'unavailable'],
      initialDelaySeconds: 120,
      maxAttempts: 3,
      retryDelaySeconds: 600,
      backoffMultiplier: 2,
    }),
    voicemail: z._default(voicemail, { maxLengthSeconds: 120, transcribe: false }),
    supervisors: alertSubscriptions("the supervisors'"),
    /** Who receives the CloudWatch alarms (decline spikes, dead letters, stuck callbacks, …). */
    operations: alertSubscriptions("the operations team's"),
    retentionDays: z._default(wholeNumber('days', 1, 3650), 400),
    /** The webhook API's limits (see DEFAULT_API_THROTTLE for how the default is sized). */
    api: z._default(api, { throttle: DEFAULT_API_THROTTLE }),
  },
  'a JSON object with timezone, openingHours, agents, numbers and prompts',
  // By default zod skips an object's refinements once any field has failed; this one runs regardless.
).check(z.superRefine(checkCrossReferences, { when: () => true }));

export type RedialConfig = z.infer<typeof redialConfigSchema>;
export type Agent = RedialConfig['agents'][number];
export type PhoneLine = RedialConfig['numbers'][number];
export type Prompt = z.infer<typeof prompt>;

export class ConfigError extends Error {
  constructor(source: string, issues: string[]) {
    super(`Invalid Redial config (${source}):\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates raw config, throwing a ConfigError whose lines each name the offending field. */
export function parseConfig(raw: unknown, source = 'config'): RedialConfig {
  const result = redialConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(source, issues);
}
