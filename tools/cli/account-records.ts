import type twilio from 'twilio';
import type { Progress } from '../command-line/progress';
import { type AccountAlerts, readAccountAlerts } from './account-alerts';
import type { TwilioCredentials } from './twilio-credentials';
import { fetchVoiceTwiml, type VoiceUrlAnswer } from './voice-url-twiml';

/**
 * Everything `redial diagnose` reads from one account, with what could not be read said in words
 * instead of thrown: wrong credentials, a window Monitor no longer keeps, a voice URL that times
 * out. The report is built from these records alone (diagnose-report.ts), so what is read and
 * what is concluded stay apart.
 */

/** Monitor keeps alerts 30 days (twilio.com/docs/usage/monitor-alert: "the last 30 days"). */
export const ALERT_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

export interface NumberRecord {
  readonly number: string;
  readonly friendlyName?: string;
  readonly voiceUrl?: string;
  readonly voiceMethod?: string;
  readonly fallbackUrl?: string;
  readonly statusCallback?: string;
  /** The number's voice URL answer; absent when there is no voice URL to fetch. */
  readonly twiml?: VoiceUrlAnswer;
  /** The TwiML app whose URLs answer the number's calls (they are the ones above), if any. */
  readonly via?: string;
  /** What takes the number's calls instead of a voice URL (a SIP trunk): nothing to fetch. */
  readonly routedBy?: string;
}

export interface AccountRecords {
  readonly account: string;
  readonly credentialsFrom: string;
  readonly since: Date;
  readonly until: Date;
  readonly number?: string;
  readonly alerts?: AccountAlerts;
  readonly numbers?: readonly NumberRecord[];
  /** Each a line of the report: what could not be read, and why. */
  readonly problems: readonly string[];
}

export interface RecordQuery {
  readonly since: Date;
  readonly until: Date;
  readonly number?: string;
  readonly now: Date;
  /** How long a voice URL gets to answer. */
  readonly fetchTimeoutMs?: number;
  /** Calls read so far, of those alerted. */
  readonly progress?: Progress;
}

type IncomingNumber = Awaited<ReturnType<twilio.Twilio['incomingPhoneNumbers']['list']>>[number];

/** A RestException in words: HTTP status, Twilio's code and message; wrong credentials said plainly. */
export function restProblem(what: string, error: unknown, credentials: TwilioCredentials): string {
  const { status, code, message } = error as { status?: number; code?: number; message?: string };
  if (status === 401)
    // Said once for the whole account, whichever read met it first.
    return `Twilio refused the credentials from ${credentials.from} (HTTP 401, error ${code ?? 20003}): check the account SID and its auth token or API key; nothing could be read`;
  const codeText = code ? `, error ${code}` : '';
  return `${what}: ${status ? `HTTP ${status}${codeText}: ` : ''}${message ?? String(error)}`;
}

const NO_ALERTS: AccountAlerts = { alertCount: 0, calls: [], webhookFailures: [], gaps: [] };

/** The window Monitor can still answer: a start older than 30 days moves up, and the report says so. */
function alertWindow(query: RecordQuery): { since: Date; problem?: string; gone?: boolean } {
  const oldest = new Date(query.now.getTime() - ALERT_RETENTION_DAYS * DAY_MS + 60_000);
  if (query.since >= oldest) return { since: query.since };
  if (query.until <= oldest)
    return {
      since: query.since,
      gone: true,
      problem: `Monitor keeps alerts for ${ALERT_RETENTION_DAYS} days: the whole window ends before ${oldest.toISOString()}, so there are no alerts to read`,
    };
  return {
    since: oldest,
    problem: `Monitor keeps alerts for ${ALERT_RETENTION_DAYS} days: read from ${oldest.toISOString()}, not ${query.since.toISOString()}`,
  };
}

/** The URLs Twilio uses for a number's calls: its own, or its TwiML app's when it names one. */
interface VoiceSetup {
  readonly voiceUrl?: string;
  readonly voiceMethod?: string;
  readonly fallbackUrl?: string;
  readonly statusCallback?: string;
  readonly via?: string;
}

type UrlFields = Pick<IncomingNumber, 'voiceUrl' | 'voiceMethod' | 'voiceFallbackUrl' | 'statusCallback'>;

/** Present values only: Twilio writes an unset URL as null or "". */
function urlsOf(source: UrlFields, via?: string): VoiceSetup {
  const setup = {
    voiceUrl: source.voiceUrl,
    voiceMethod: source.voiceMethod,
    fallbackUrl: source.voiceFallbackUrl,
    statusCallback: source.statusCallback,
    via,
  };
  return Object.fromEntries(Object.entries(setup).filter(([, value]) => value)) as VoiceSetup;
}

async function voiceSetup(client: twilio.Twilio, number: IncomingNumber): Promise<VoiceSetup> {
  if (!number.voiceApplicationSid) return urlsOf(number);
  const app = await client.applications(number.voiceApplicationSid).fetch();
  return urlsOf(app, `TwiML app ${app.friendlyName} (${app.sid})`);
}

async function numberRecord(
  client: twilio.Twilio,
  number: IncomingNumber,
  credentials: TwilioCredentials,
  timeoutMs: number | undefined,
): Promise<NumberRecord> {
  const named = {
    number: number.phoneNumber,
    ...(number.friendlyName ? { friendlyName: number.friendlyName } : {}),
  };
  // A SIP trunk takes the number's calls: no URL of the number's is asked.
  if (number.trunkSid) return { ...named, routedBy: `SIP trunk ${number.trunkSid}` };
  let setup: VoiceSetup;
  try {
    setup = await voiceSetup(client, number);
  } catch (error) {
    const via = `TwiML app ${number.voiceApplicationSid}`;
    return {
      ...named,
      via,
      twiml: { problem: restProblem('its TwiML app could not be read', error, credentials) },
    };
  }
  const target = {
    number: number.phoneNumber,
    voiceUrl: setup.voiceUrl ?? '',
    voiceMethod: setup.voiceMethod,
  };
  return {
    ...named,
    ...setup,
    ...(setup.voiceUrl ? { twiml: await fetchVoiceTwiml(target, credentials, timeoutMs) } : {}),
  };
}

async function readNumbers(client: twilio.Twilio, credentials: TwilioCredentials, query: RecordQuery) {
  const numbers = await client.incomingPhoneNumbers.list(
    query.number === undefined ? {} : { phoneNumber: query.number },
  );
  // Twilio's PhoneNumber filter matches any part of the digits: keep the number itself.
  const wanted = numbers.filter(
    (number) => query.number === undefined || number.phoneNumber === query.number,
  );
  // Fetched side by side: each may take up to Twilio's 15 s.
  return Promise.all(wanted.map((number) => numberRecord(client, number, credentials, query.fetchTimeoutMs)));
}

/** The account's numbers and the window's alerts; each part that fails is a problem line instead. */
export async function readAccountRecords(
  client: twilio.Twilio,
  credentials: TwilioCredentials,
  query: RecordQuery,
): Promise<AccountRecords> {
  const problems: string[] = [];
  const window = alertWindow(query);
  if (window.problem) problems.push(window.problem);
  const [numbers, alerts] = await Promise.all([
    readNumbers(client, credentials, query).catch((error) => {
      problems.push(restProblem('Incoming phone numbers could not be read', error, credentials));
      return undefined;
    }),
    window.gone
      ? NO_ALERTS
      : readAccountAlerts(client, { ...query, since: window.since }, query.progress).catch((error) => {
          problems.push(restProblem('Monitor alerts could not be read', error, credentials));
          return undefined;
        }),
  ]);
  return {
    account: credentials.accountSid,
    credentialsFrom: credentials.from,
    since: window.since,
    until: query.until,
    ...(query.number === undefined ? {} : { number: query.number }),
    ...(alerts ? { alerts } : {}),
    ...(numbers ? { numbers } : {}),
    problems: [...new Set([...problems, ...(alerts?.gaps ?? [])])],
  };
}
