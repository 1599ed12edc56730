import { z } from 'zod';

/**
 * Redial's one configuration file. It is validated at `cdk synth`, by the local stack and at every
 * Lambda cold start, so a mistake names its field before a single call is routed by it.
 */

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +442071234567');
const sipUri = z
  .string()
  .regex(/^sips?:[^@\s]+@[^\s]+$/, 'must be a SIP URI such as sip:alice@pbx.example.com');
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time such as 09:00');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-12-25');

function isIanaTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

const timezone = z.string().refine(isIanaTimezone, 'must be an IANA timezone such as Europe/London');

/** A closing time may be 24:00: open until midnight. */
const closingTime = z.union([clockTime, z.literal('24:00')]);

const openingSpan = z
  .object({ open: clockTime, close: closingTime })
  .refine((span) => span.open < span.close, 'open must be before close');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const openingHours = z.object(
  Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(openingSpan).default([])])) as Record<
    Weekday,
    z.ZodDefault<z.ZodArray<typeof openingSpan>>
  >,
);

const closure = z.object({ date: isoDate, name: z.string().min(1) });

const agentAlerts = z
  .object({
    email: z.array(z.email()).default([]),
    sms: z.array(e164).default([]),
    https: z.array(z.url()).default([]),
  })
  .default({ email: [], sms: [], https: [] });

const agent = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes'),
  name: z.string().min(1),
  dial: z.union([sipUri, e164]),
  alerts: agentAlerts,
});

const phoneLine = z.object({
  number: e164,
  huntList: z.array(z.string()).min(1, 'needs at least one agent id'),
  dialTimeoutSeconds: z.number().int().min(5).max(600).default(20),
  callerId: e164.optional(),
});

const prompt = z.object({
  text: z.string().min(1),
  voice: z.string().default('Polly.Amy'),
  language: z.string().default('en-GB'),
});

const prompts = z.object({
  greeting: prompt.optional(),
  voicemail: prompt,
  closed: prompt,
  callbackOffer: prompt,
  callbackConfirmed: prompt,
  /** Said after the confirmation when the business is closed; {when} becomes the next opening. */
  callbackScheduled: prompt.default({
    text: 'We open again {when}, and will call you back then.',
    voice: 'Polly.Amy',
    language: 'en-GB',
  }),
  voicemailThanks: prompt,
  /** What an agent hears when a callback rings them: {customer}, {when}, {reason} are filled in. */
  callbackBriefing: prompt.default({
    text: 'Callback for {customer}, who called {when}: {reason}. Press 1 to call them now.',
    voice: 'Polly.Amy',
    language: 'en-GB',
  }),
  /** What an agent hears when the customer does not pick up. */
  callbackNoAnswer: prompt.default({
    text: 'The customer did not answer. We will try again later. Goodbye.',
    voice: 'Polly.Amy',
    language: 'en-GB',
  }),
});

const declineClassification = z.object({
  humanRingThresholdSeconds: z.number().min(0).max(120).default(3),
  reasonHeader: z
    .string()
    .regex(/^X-[A-Za-z0-9-]+$/, 'must be an X- header name')
    .optional(),
  userDeclineValues: z.array(z.string()).default([]),
  policyDeclineValues: z.array(z.string()).default([]),
});

const voicemail = z.object({
  maxLengthSeconds: z.number().int().min(5).max(3600).default(120),
  /** Twilio's built-in transcription: English only, recordings of 2–120 s. */
  transcribe: z.boolean().default(false),
});

/** Dial outcomes after which Redial books a callback without being asked (hunt list exhausted). */
const AUTOMATIC_CALLBACK_DISPOSITIONS = [
  'declined-by-policy',
  'busy',
  'unavailable',
  'failed',
  'abandoned',
] as const;

const callbackPolicy = z.object({
  /** The most callbacks one worker run starts (each agent takes one at a time in any case). */
  maxPerRun: z.number().int().min(1).max(100).default(10),
  automaticFor: z
    .array(z.enum(AUTOMATIC_CALLBACK_DISPOSITIONS))
    .default(['declined-by-policy', 'busy', 'unavailable']),
  initialDelaySeconds: z.number().int().min(0).default(120),
  maxAttempts: z.number().int().min(1).max(20).default(3),
  retryDelaySeconds: z.number().int().min(5).default(600),
  backoffMultiplier: z.number().min(1).max(10).default(2),
});

export const redialConfigSchema = z
  .object({
    timezone,
    openingHours,
    closures: z.array(closure).default([]),
    agents: z.array(agent).min(1, 'needs at least one agent'),
    numbers: z.array(phoneLine).min(1, 'needs at least one Twilio number'),
    prompts,
    declineClassification: declineClassification.default({
      humanRingThresholdSeconds: 3,
      userDeclineValues: [],
      policyDeclineValues: [],
    }),
    callbackPolicy: callbackPolicy.default({
      maxPerRun: 10,
      automaticFor: ['declined-by-policy', 'busy', 'unavailable'],
      initialDelaySeconds: 120,
      maxAttempts: 3,
      retryDelaySeconds: 600,
      backoffMultiplier: 2,
    }),
    voicemail: voicemail.default({ maxLengthSeconds: 120, transcribe: false }),
    supervisors: agentAlerts,
    retentionDays: z.number().int().min(1).max(3650).default(400),
  })
  .superRefine((config, ctx) => {
    const agentIds = new Set(config.agents.map((a) => a.id));
    config.numbers.forEach((line, lineIndex) => {
      line.huntList.forEach((id, position) => {
        if (!agentIds.has(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['numbers', lineIndex, 'huntList', position],
            message: `names agent "${id}", which is not in agents`,
          });
        }
      });
    });
  });

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
