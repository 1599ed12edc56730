import { type ParseArgsConfig, parseArgs } from 'node:util';
import { VOICE_ROUTES } from '../../lambdas/domain/voice-routes';
import { LOCAL_STATE_FILE } from '../local-stack/state-file';
import { AGENT_SCENARIOS, type AgentScenario } from './agent-scripts';
import { type CallbackPlan, callbackPlan } from './callback-options';
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
}

/** What plays out once the call is under way, whichever way it started: the script of everyone on it. */
export type SessionOptions = Omit<
  SimulatorOptions,
  'baseUrl' | 'authToken' | 'from' | 'to' | 'statusCallback'
>;

/** What a caller of `simulateCall` must give; the rest has defaults. */
export type CallOptions = Pick<SimulatorOptions, 'baseUrl' | 'authToken' | 'to'> & Partial<SimulatorOptions>;

export type OutputMode = 'text' | 'json' | 'quiet';

export type CommandLine =
  | { help: true }
  | { help: false; call: SimulatorOptions; output: OutputMode; callbacks?: CallbackPlan };

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
  'baseUrl' | 'authToken' | 'to' | 'sipCode' | 'callerHangupAfter' | 'statusCallback'
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

export const USAGE = `Usage: npm run call -- [options]

Plays Twilio's part in one inbound call against a Redial API and prints the conversation.

  --url BASE                 API base URL (default: apiBaseUrl in ${LOCAL_STATE_FILE})
  --auth-token T             signs the webhooks (default: $TWILIO_AUTH_TOKEN, else ${LOCAL_STATE_FILE})
  --account-sid AC…          (default: ${LOCAL_STATE_FILE}, else ${TEST_ACCOUNT_SID})
  --from NUMBER              the caller (default ${DEFAULT_FROM})
  --to NUMBER                the Redial number called (default: the first in ${LOCAL_STATE_FILE})
  --agent SCENARIO           ${AGENT_SCENARIOS.join('|')} (default answer)
  --ring-seconds N           the agent's phone rings N s before the scripted response (default 2)
  --sip-code N               SIP final response of <Sip> legs instead of the scenario's
  --sip-header X-Name=value  X- header of the agent's final SIP response (repeatable)
  --talk-seconds N           length of an answered call (default 30)
  --caller-hangup-after N    the caller hangs up after N s of ringing
  --digits D                 keys pressed at <Gather>; "1,23" answers two Gathers (default: silence)
  --record-seconds N         length of the message left at <Record>; 0 hangs up (default 12)
  --max-steps N              most TwiML requests before giving up on a loop (default 20)
  --status-callback URL|none the number's call status callback, posted once the call has ended
                             (default: --url + ${VOICE_ROUTES.callStatus}; none: the number has none, nothing is posted)
  --callback-agent A,B       the agent on each callback call Redial places for this call, played by
                             the local stack's Twilio emulator; the last entry repeats (default answer):
                             ${AGENT_OUTCOMES.join('|')}
  --callback-customer A,B    the customer whom each answered callback dials (default answer):
                             ${CUSTOMER_OUTCOMES.join('|')}
  --callback-digits D,E      keys the agent presses on each callback call (default 1)
  --json                     print the transcript as JSON
  --quiet                    print only the outcome
  -h, --help                 show this help`;

const OPTION_SPEC = {
  url: { type: 'string' },
  'auth-token': { type: 'string' },
  'account-sid': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  agent: { type: 'string' },
  'ring-seconds': { type: 'string' },
  'sip-code': { type: 'string' },
  'sip-header': { type: 'string', multiple: true },
  'talk-seconds': { type: 'string' },
  'caller-hangup-after': { type: 'string' },
  digits: { type: 'string' },
  'record-seconds': { type: 'string' },
  'max-steps': { type: 'string' },
  'status-callback': { type: 'string' },
  'callback-agent': { type: 'string' },
  'callback-customer': { type: 'string' },
  'callback-digits': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** Reads the command line; defaults come from the environment and the local stack's file. */
export function parseCommandLine(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  local: LocalStackDefaults = readLocalStackDefaults(),
): CommandLine {
  const { values } = parseStrictly(argv);
  if (values.help) return { help: true };
  if (values.json && values.quiet) throw new OptionsError('--json and --quiet cannot be used together');
  const output: OutputMode = values.json ? 'json' : values.quiet ? 'quiet' : 'text';
  const call = completeCallOptions({
    baseUrl: required(values.url ?? local.apiBaseUrl, MISSING.url),
    authToken: required(values['auth-token'] ?? env.TWILIO_AUTH_TOKEN ?? local.authToken, MISSING.authToken),
    to: required(values.to ?? local.firstNumber, MISSING.to),
    accountSid: values['account-sid'] ?? local.accountSid,
    from: values.from,
    agent: values.agent as AgentScenario | undefined,
    ringSeconds: optionalNumber('--ring-seconds', values['ring-seconds']),
    sipCode: optionalNumber('--sip-code', values['sip-code']),
    sipHeaders: values['sip-header'] && parseSipHeaders(values['sip-header']),
    talkSeconds: optionalNumber('--talk-seconds', values['talk-seconds']),
    callerHangupAfter: optionalNumber('--caller-hangup-after', values['caller-hangup-after']),
    digits: values.digits?.split(','),
    recordSeconds: optionalNumber('--record-seconds', values['record-seconds']),
    maxSteps: optionalNumber('--max-steps', values['max-steps']),
    statusCallback: values['status-callback'] === 'none' ? null : values['status-callback'],
  });
  const callbacks = callbackPlan(values, local.twilioApiBaseUrl);
  return { help: false, call, output, ...(callbacks && { callbacks }) };
}

/** Fills in the defaults (an `undefined` value counts as absent) and checks every value. */
export function completeCallOptions(options: CallOptions): SimulatorOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const statusCallback = apiUrl(options.baseUrl, VOICE_ROUTES.callStatus);
  const complete: SimulatorOptions = { ...CALL_DEFAULTS, statusCallback, ...given } as SimulatorOptions;
  validate(complete);
  return complete;
}

/** A Redial route under the API base URL, stage path included. */
export function apiUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

const MISSING = {
  url: `no API URL: pass --url, or start the local stack (npm start), which writes apiBaseUrl to ${LOCAL_STATE_FILE}`,
  authToken: `no auth token: pass --auth-token, set TWILIO_AUTH_TOKEN, or start the local stack (npm start), which writes twilio.authToken to ${LOCAL_STATE_FILE}`,
  to: `no number to call: pass --to, or start the local stack (npm start), which lists its numbers in ${LOCAL_STATE_FILE}`,
};

function parseStrictly(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTION_SPEC, strict: true, allowPositionals: false });
  } catch (error) {
    // parseArgs explains over several lines; the command line reports errors on one.
    throw new OptionsError(`${(error as Error).message.replace(/\s*\n\s*/g, ' ')} (see --help)`);
  }
}

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

function validateCall({ baseUrl, authToken, accountSid, from, to, statusCallback }: SimulatorOptions): void {
  check(/^https?:\/\/[^/]/.test(baseUrl), `--url must be an http(s) URL, got "${baseUrl}"`);
  check(
    statusCallback === null || (/^https?:\/\/[^/]/.test(statusCallback) && URL.canParse(statusCallback)),
    `--status-callback must be an http(s) URL or none, got "${statusCallback}"`,
  );
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
