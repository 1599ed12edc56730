import { Command, Option } from 'commander';
import { FALLBACK_ROUTE, VOICE_ROUTES } from '../../lambdas/domain/voice-routes';
import { parseCommandLineOf } from '../command-line/command-frame';
import { LOCAL_STATE_FILE } from '../local-stack/state-file';
import { AGENT_SCENARIOS, type AgentScenario } from './agent-scripts';
import { type CallbackFlags, type CallbackPlan, callbackPlan } from './callback-options';
import { AGENT_OUTCOMES, CUSTOMER_OUTCOMES } from './callback-script';
import { OptionsError } from './errors';
import { type LocalStackDefaults, readLocalStackDefaults } from './local-stack-defaults';

/** Everything one simulated call needs. */
export interface SimulatorOptions {
  /** The Redial API base URL, stage path included; the call starts at `{baseUrl}/voice/incoming`. */
  baseUrl: string;
  authToken: string;
  accountSid: string;
  from: string;
  to: string;
  agent: AgentScenario;
  ringSeconds: number;
  sipCode?: number;
  /** X- headers of the agent's final SIP response, by name, e.g. `{ 'X-Decline-Reason': 'user' }`. */
  sipHeaders: Record<string, string>;
  talkSeconds: number;
  callerHangupAfter?: number;
  /** What the caller presses at each successive `<Gather>`; an empty entry (or none left) is silence. */
  digits: string[];
  recordSeconds: number;
  maxSteps: number;
  /**
   * The number's call status callback, which Twilio posts when the call has ended; `null` for a
   * number without one. Default: `{baseUrl}/voice/call-status`.
   */
  statusCallback: string | null;
  /**
   * The number's Voice Fallback URL ("Primary handler fails"), which Twilio requests, with
   * ErrorCode and ErrorUrl, when a TwiML request fails (5xx, time-out, no connection); `null` for a
   * number without one. Default: `{baseUrl}/voice/fallback`, the stack's own fallback.
   */
  fallbackUrl: string | null;
  /**
   * Twilio retries every webhook once, as after a dropped connection: the same request again with
   * the same I-Twilio-Idempotency-Token, its second answer the one that counts (fault tests).
   */
  retryEachWebhook?: boolean;
  /**
   * Ring time and pauses are not waited: the call's own clock moves on instead, and each webhook
   * carries that clock's time (simulated-clock.ts) for a local API that trusts it (benchmarks).
   */
  simulatedClock?: boolean;
}

/** What plays out once the call is under way, whichever way it started: the script of everyone on it. */
export type SessionOptions = Omit<
  SimulatorOptions,
  'baseUrl' | 'authToken' | 'from' | 'to' | 'statusCallback' | 'fallbackUrl'
>;

/** What a caller of `simulateCall` must give; the rest has defaults. */
export type CallOptions = Pick<SimulatorOptions, 'baseUrl' | 'authToken' | 'to'> & Partial<SimulatorOptions>;

export type OutputMode = 'text' | 'json' | 'quiet';

/** What `redial call` was asked to do: the call, how to print it, and its callbacks' script. */
export interface CommandLine {
  call: SimulatorOptions;
  output: OutputMode;
  callbacks?: CallbackPlan;
}

/** Twilio's magic test number for a valid caller (twilio.com/docs/iam/test-credentials). */
export const DEFAULT_FROM = '+15005550006';
/** A SID in Twilio's format that belongs to no account, for when no real one is configured. */
export const TEST_ACCOUNT_SID = 'ACdeadbeefdeadbeefdeadbeefdeadbeef';

/**
 * The options that have fixed defaults; the URL, token and number called come from the caller or
 * the local stack, and the status callback's default from the URL.
 */
type DefaultedOption = Exclude<
  keyof SimulatorOptions,
  'baseUrl' | 'authToken' | 'to' | 'sipCode' | 'callerHangupAfter' | 'statusCallback' | 'fallbackUrl'
>;

export const CALL_DEFAULTS: Readonly<Pick<SimulatorOptions, DefaultedOption>> = {
  accountSid: TEST_ACCOUNT_SID,
  from: DEFAULT_FROM,
  agent: 'answer',
  ringSeconds: 2,
  sipHeaders: {},
  talkSeconds: 30,
  digits: [],
  recordSeconds: 12,
  maxSteps: 20,
};

/** The options of `redial call`, as commander gives them: every value as typed, checked afterwards. */
export interface CallValues extends CallbackFlags {
  url?: string;
  authToken?: string;
  accountSid?: string;
  from?: string;
  to?: string;
  agent?: string;
  ringSeconds?: string;
  sipCode?: string;
  sipHeader?: string[];
  talkSeconds?: string;
  callerHangupAfter?: string;
  digits?: string;
  recordSeconds?: string;
  maxSteps?: string;
  statusCallback?: string;
  fallbackUrl?: string;
  json?: boolean;
  quiet?: boolean;
}

const CALLBACK_GROUP = "Callbacks (played by the local stack's Twilio emulator):";
const OUTPUT_GROUP = 'Output:';

/** `redial call`'s options; the defaults that are not fixed come from the environment and the local stack. */
export function callOptions(): Option[] {
  const repeated = (value: string, previous: string[] = []) => [...previous, value];
  return [
    new Option('--url <base>', `API base URL (default: apiBaseUrl in ${LOCAL_STATE_FILE})`),
    new Option(
      '--auth-token <token>',
      `signs the webhooks (default: $TWILIO_AUTH_TOKEN, else ${LOCAL_STATE_FILE})`,
    ),
    new Option('--account-sid <AC…>', `(default: ${LOCAL_STATE_FILE}, else ${TEST_ACCOUNT_SID})`),
    new Option('--from <number>', `the caller (default: ${CALL_DEFAULTS.from})`),
    new Option('--to <number>', `the Redial number called (default: the first in ${LOCAL_STATE_FILE})`),
    new Option('--agent <scenario>', `${AGENT_SCENARIOS.join('|')} (default: ${CALL_DEFAULTS.agent})`),
    new Option(
      '--ring-seconds <n>',
      `the agent's phone rings N s before the scripted response (default: ${CALL_DEFAULTS.ringSeconds})`,
    ),
    new Option('--sip-code <n>', "SIP final response of <Sip> legs instead of the scenario's"),
    new Option(
      '--sip-header <X-Name=value>',
      "X- header of the agent's final SIP response (repeatable)",
    ).argParser(repeated),
    new Option('--talk-seconds <n>', `length of an answered call (default: ${CALL_DEFAULTS.talkSeconds})`),
    new Option('--caller-hangup-after <n>', 'the caller hangs up after N s of ringing'),
    new Option('--digits <d>', 'keys pressed at <Gather>; "1,23" answers two Gathers (default: silence)'),
    new Option(
      '--record-seconds <n>',
      `length of the message left at <Record>; 0 hangs up (default: ${CALL_DEFAULTS.recordSeconds})`,
    ),
    new Option(
      '--max-steps <n>',
      `most TwiML requests before giving up on a loop (default: ${CALL_DEFAULTS.maxSteps})`,
    ),
    new Option(
      '--status-callback <url|none>',
      `the number's call status callback, posted once the call has ended (default: --url + ${VOICE_ROUTES.callStatus}; none: the number has none, nothing is posted)`,
    ),
    new Option(
      '--fallback-url <url|none>',
      `the number's fallback URL, requested when a TwiML request fails (default: --url + ${FALLBACK_ROUTE}; none: the number has none, the caller hears Twilio's application error)`,
    ),
    new Option(
      '--callback-agent <a,b>',
      `the agent on each callback call Redial places for this call; the last entry repeats (default: answer): ${AGENT_OUTCOMES.join('|')}`,
    ).helpGroup(CALLBACK_GROUP),
    new Option(
      '--callback-customer <a,b>',
      `the customer whom each answered callback dials (default: answer): ${CUSTOMER_OUTCOMES.join('|')}`,
    ).helpGroup(CALLBACK_GROUP),
    new Option(
      '--callback-digits <d,e>',
      'keys the agent presses on each callback call (default: 1)',
    ).helpGroup(CALLBACK_GROUP),
    new Option('--json', 'print the transcript as JSON').conflicts('quiet').helpGroup(OUTPUT_GROUP),
    new Option('--quiet', 'print only the outcome').helpGroup(OUTPUT_GROUP),
  ];
}

/** Reads the command line alone (commander's checks, then the values'), with the defaults of the environment and the local stack's file. */
export function parseCommandLine(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  local: LocalStackDefaults = readLocalStackDefaults(),
): CommandLine {
  const command = new Command('call');
  for (const option of callOptions()) command.addOption(option);
  return commandLineOf(parseCommandLineOf<CallValues>(command, argv), env, local);
}

/** The call the options ask for; defaults come from the environment and the local stack's file. */
export function commandLineOf(
  values: CallValues,
  env: NodeJS.ProcessEnv,
  local: LocalStackDefaults,
): CommandLine {
  const output: OutputMode = values.json ? 'json' : values.quiet ? 'quiet' : 'text';
  const call = completeCallOptions({
    baseUrl: required(values.url ?? local.apiBaseUrl, local.unreadable ?? MISSING.url),
    authToken: required(
      values.authToken ?? env.TWILIO_AUTH_TOKEN ?? local.authToken,
      local.unreadable ?? MISSING.authToken,
    ),
    to: required(values.to ?? local.firstNumber, local.unreadable ?? MISSING.to),
    accountSid: values.accountSid ?? local.accountSid,
    from: values.from,
    agent: values.agent as AgentScenario | undefined,
    ringSeconds: optionalNumber('--ring-seconds', values.ringSeconds),
    sipCode: optionalNumber('--sip-code', values.sipCode),
    sipHeaders: values.sipHeader && parseSipHeaders(values.sipHeader),
    talkSeconds: optionalNumber('--talk-seconds', values.talkSeconds),
    callerHangupAfter: optionalNumber('--caller-hangup-after', values.callerHangupAfter),
    digits: values.digits?.split(','),
    recordSeconds: optionalNumber('--record-seconds', values.recordSeconds),
    maxSteps: optionalNumber('--max-steps', values.maxSteps),
    statusCallback: noneAsNull(values.statusCallback),
    fallbackUrl: noneAsNull(values.fallbackUrl),
  });
  const callbacks = callbackPlan(values, local.twilioApiBaseUrl, local.unreadable);
  return { call, output, ...(callbacks && { callbacks }) };
}

/** Fills in the defaults (an `undefined` value counts as absent) and checks every value. */
export function completeCallOptions(options: CallOptions): SimulatorOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const statusCallback = apiUrl(options.baseUrl, VOICE_ROUTES.callStatus);
  const fallbackUrl = apiUrl(options.baseUrl, FALLBACK_ROUTE);
  const complete = { ...CALL_DEFAULTS, statusCallback, fallbackUrl, ...given } as SimulatorOptions;
  validate(complete);
  return complete;
}

/** A URL option's `none`: the number has no such URL. */
const noneAsNull = (value: string | undefined) => (value === 'none' ? null : value);

/** A Redial route under the API base URL, stage path included. */
export function apiUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

const MISSING = {
  url: `no API URL: pass --url, or start the local stack (npm start), which writes apiBaseUrl to ${LOCAL_STATE_FILE}`,
  authToken: `no auth token: pass --auth-token, set TWILIO_AUTH_TOKEN, or start the local stack (npm start), which writes twilio.authToken to ${LOCAL_STATE_FILE}`,
  to: `no number to call: pass --to, or start the local stack (npm start), which lists its numbers in ${LOCAL_STATE_FILE}`,
};

function required(value: string | undefined, message: string): string {
  if (value === undefined || value === '') throw new OptionsError(message);
  return value;
}

function optionalNumber(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value))
    throw new OptionsError(`${flag} must be a number, got "${raw}"`);
  return value;
}

function parseSipHeaders(entries: string[]): Record<string, string> {
  return Object.fromEntries(
    entries.map((entry) => {
      const separator = entry.indexOf('=');
      if (separator < 1) throw new OptionsError(`--sip-header must look like X-Name=value, got "${entry}"`);
      return [entry.slice(0, separator), entry.slice(separator + 1)];
    }),
  );
}

const E164 = /^\+[1-9]\d{1,14}$/;
/** Withheld caller IDs reach Twilio apps as words such as "anonymous" instead of a number. */
const WITHHELD_CALLER = /^[a-z]+$/i;

function validate(options: SimulatorOptions): void {
  validateCall(options);
  validateAgentScript(options);
  validateCallerScript(options);
}

const isUrlOrNone = (value: string | null) =>
  value === null || (/^https?:\/\/[^/]/.test(value) && URL.canParse(value));

function validateCall(options: SimulatorOptions): void {
  const { baseUrl, authToken, accountSid, from, to, statusCallback, fallbackUrl } = options;
  check(/^https?:\/\/[^/]/.test(baseUrl), `--url must be an http(s) URL, got "${baseUrl}"`);
  check(
    isUrlOrNone(statusCallback),
    `--status-callback must be an http(s) URL or none, got "${statusCallback}"`,
  );
  check(isUrlOrNone(fallbackUrl), `--fallback-url must be an http(s) URL or none, got "${fallbackUrl}"`);
  check(authToken !== '', '--auth-token must not be empty');
  check(/^AC[0-9a-f]{32}$/.test(accountSid), `--account-sid must be AC + 32 hex digits, got "${accountSid}"`);
  check(
    E164.test(from) || WITHHELD_CALLER.test(from),
    `--from must be an E.164 number such as +15005550006, got "${from}"`,
  );
  check(E164.test(to), `--to must be an E.164 number such as +442071234567, got "${to}"`);
}

function validateAgentScript(options: SimulatorOptions): void {
  const { agent } = options;
  check(
    AGENT_SCENARIOS.includes(agent),
    `--agent must be one of ${AGENT_SCENARIOS.join(', ')}, got "${agent}"`,
  );
  checkSeconds('--ring-seconds', options.ringSeconds, MAX_DIAL_TIMEOUT);
  checkSeconds('--talk-seconds', options.talkSeconds, MAX_CALL_SECONDS);
  if (options.callerHangupAfter !== undefined) {
    checkSeconds('--caller-hangup-after', options.callerHangupAfter, MAX_CALL_SECONDS);
  }
  if (options.sipCode !== undefined) validateSipCode(options.sipCode, agent);
  for (const name of Object.keys(options.sipHeaders)) {
    check(
      /^X-[A-Za-z0-9-]+$/.test(name),
      `--sip-header names must start with X- (Twilio passes only X- headers), got "${name}"`,
    );
  }
}

function validateCallerScript({ digits, recordSeconds, maxSteps }: SimulatorOptions): void {
  for (const keys of digits) {
    check(
      /^[0-9*#]*$/.test(keys),
      `--digits may hold only 0-9, * and #, with commas between Gathers, got "${keys}"`,
    );
  }
  checkSeconds('--record-seconds', recordSeconds, MAX_CALL_SECONDS);
  check(
    Number.isInteger(maxSteps) && maxSteps >= 1,
    `--max-steps must be a whole number of at least 1, got ${maxSteps}`,
  );
}

/** Twilio rings a `<Dial>` for at most 600 s… */
const MAX_DIAL_TIMEOUT = 600;
/** …and ends any call, and any `<Record>`, after 4 hours. */
const MAX_CALL_SECONDS = 14_400;

function checkSeconds(flag: string, value: number, max: number): void {
  check(value >= 0 && value <= max, `${flag} must be between 0 and ${max} seconds, got ${value}`);
}

function validateSipCode(code: number, agent: AgentScenario): void {
  const final = Number.isInteger(code) && (code === 200 || (code >= 400 && code <= 699));
  check(final, `--sip-code must be 200 or a SIP failure code from 400 to 699, got ${code}`);
  check(
    agent !== 'no-answer',
    '--sip-code does not fit --agent no-answer: that agent never responds, Twilio cancels at the Dial timeout (SIP 487)',
  );
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new OptionsError(message);
}
