import { createServer, type IncomingMessage } from 'node:http';
import type { AccountHistory } from './account-history';
import { page2010, pageV1 } from './account-history-paging';
import { RETENTION_MS, selectAlerts, selectCalls } from './account-history-queries';
import {
  alertResource,
  applicationResource,
  historyCallResource,
  numberResource,
  summaryResource,
} from './account-history-resources';
import { closeServer, listenLocally } from './server-lifecycle';
import {
  API_VERSION,
  AUTHENTICATE,
  basicCredentials,
  errorReply,
  METHOD_NOT_ALLOWED,
  notFound,
  type RestError,
} from './twilio-rest-resources';

export interface ApiKey {
  /** SK + 32 hex digits: the Basic auth user name. */
  sid: string;
  secret: string;
}

/** 429s for a client's backoff to meet: the first `first` requests, and/or every `every`th one. */
export interface RateLimit {
  first?: number;
  every?: number;
  /** The `Retry-After` header, in seconds (default 1). */
  retryAfterSeconds?: number;
}

export interface AccountHistoryEmulatorOptions {
  accountSid: string;
  authToken: string;
  apiKeys?: ApiKey[];
  history: AccountHistory;
  /** 0 (the default) picks a free port. */
  port?: number;
  rateLimit?: RateLimit;
}

/** One request as the emulator saw it, and what it answered. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The Basic auth user name: the account SID or an API key SID. */
  user: string | null;
  status: number;
}

export interface AccountHistoryEmulator {
  /** Stands in for api.twilio.com, monitor.twilio.com and insights.twilio.com at once. */
  url: string;
  stop(): Promise<void>;
  /** Every request so far, oldest first. */
  requests(): SeenRequest[];
}

const ALERTS = /^\/v1\/Alerts$/;
const SUMMARY = /^\/v1\/Voice\/(CA[0-9a-fA-F]{32})\/Summary$/;
const CALLS = new RegExp(`^/${API_VERSION}/Accounts/([^/]+)/Calls\\.json$`);
const CALL = new RegExp(`^/${API_VERSION}/Accounts/([^/]+)/Calls/([^/]+)\\.json$`);
const NUMBERS = new RegExp(`^/${API_VERSION}/Accounts/([^/]+)/IncomingPhoneNumbers\\.json$`);
const APPLICATION = new RegExp(`^/${API_VERSION}/Accounts/([^/]+)/Applications/([^/]+)\\.json$`);

const TOO_MANY_REQUESTS: RestError = { status: 429, code: 20429, message: 'Too Many Requests' };

/**
 * Twilio's "Forbidden to access data" (error 17000), which its error dictionary says is also
 * answered when Voice Insights Advanced Features are not enabled on the account. The dictionary
 * gives no HTTP status; 403 is the one the name means. (17007 is for calls made before the
 * features were enabled, which a history cannot tell apart.)
 */
const NO_INSIGHTS: RestError = {
  status: 403,
  code: 17000,
  message: 'Forbidden to access data: Voice Insights Advanced Features are not enabled on this account',
};

interface Reply {
  status: number;
  json: unknown;
  headers?: Record<string, string>;
}

/**
 * The parts of Twilio's REST APIs that `redial diagnose` reads, on 127.0.0.1, seeded from an
 * account history: Monitor alerts, calls and their child legs, Voice Insights call summaries and
 * incoming phone numbers, each in the JSON of Twilio's OpenAPI specs (account-history-resources.ts),
 * paged as Twilio pages them, behind Basic auth and an optional rate limit. The three hosts'
 * paths do not overlap, so one server stands in for all of them (see tools/cli/twilio-library-client.ts).
 */
export async function startAccountHistoryEmulator(
  options: AccountHistoryEmulatorOptions,
): Promise<AccountHistoryEmulator> {
  const seen: SeenRequest[] = [];
  let url = '';
  const server = createServer((request, response) => {
    const { reply, record } = answer(options, request, url, seen.length);
    seen.push({ ...record, status: reply.status });
    response.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers });
    response.end(JSON.stringify(reply.json));
  });
  url = await listenLocally(server, options.port);
  return { url, stop: () => closeServer(server), requests: () => [...seen] };
}

function answer(
  options: AccountHistoryEmulatorOptions,
  request: IncomingMessage,
  origin: string,
  index: number,
) {
  const target = new URL(request.url ?? '/', 'http://127.0.0.1');
  const user = basicCredentials(request.headers.authorization);
  const record = {
    method: request.method ?? 'GET',
    path: target.pathname,
    query: target.searchParams,
    user: user?.[0] ?? null,
  };
  // Counted before the credentials, so a client meets a 429 wherever it is in its run.
  if (rateLimited(options.rateLimit, index)) {
    const retryAfter = String(options.rateLimit?.retryAfterSeconds ?? 1);
    return { record, reply: { ...errorReply(TOO_MANY_REQUESTS), headers: { 'Retry-After': retryAfter } } };
  }
  if (!authenticated(options, user)) return { record, reply: errorReply(AUTHENTICATE) };
  // Read-only: diagnose only reads, and nothing here can change the history.
  if (record.method !== 'GET') return { record, reply: errorReply(METHOD_NOT_ALLOWED) };
  return { record, reply: route(options, target, origin) };
}

/** 0-based `index`: with `first: 2`, requests 0 and 1 are refused; with `every: 3`, 2, 5, 8…. */
function rateLimited(limit: RateLimit | undefined, index: number): boolean {
  if (!limit) return false;
  if (limit.first !== undefined && index < limit.first) return true;
  return limit.every !== undefined && limit.every > 0 && (index + 1) % limit.every === 0;
}

function route(options: AccountHistoryEmulatorOptions, target: URL, origin: string): Reply {
  const { pathname: path, searchParams: query } = target;
  const { history, accountSid } = options;
  if (ALERTS.test(path)) return listAlerts(options, query, origin);
  const summary = SUMMARY.exec(path);
  if (summary) return fetchSummary(history, accountSid, summary[1], path);
  const account = (pattern: RegExp) => {
    const match = pattern.exec(path);
    return match?.[1] === accountSid ? match : null;
  };
  if (account(CALLS)) return listCalls(options, path, query);
  const call = account(CALL);
  if (call) return fetchCall(options, call[2], path);
  const application = account(APPLICATION);
  if (application) {
    const found = history.applications?.find((candidate) => candidate.sid === application[2]);
    return found ? ok(applicationResource(found, accountSid)) : errorReply(notFound(path));
  }
  if (account(NUMBERS)) {
    // Twilio matches PhoneNumber against the number's digits, any part of them.
    const digits = (query.get('PhoneNumber') ?? '').replace(/\D/g, '');
    const numbers = history.numbers
      .filter((number) => number.phoneNumber.replace(/\D/g, '').includes(digits))
      .map((number) => numberResource(number, accountSid));
    return ok(page2010('incoming_phone_numbers', path, query, numbers));
  }
  return errorReply(notFound(path));
}

function listAlerts(options: AccountHistoryEmulatorOptions, query: URLSearchParams, origin: string): Reply {
  const alerts = selectAlerts(options.history, query);
  if ('code' in alerts) return errorReply(alerts);
  const resources = alerts.map((alert) => alertResource(alert, options.accountSid));
  return ok(pageV1('alerts', origin, '/v1/Alerts', query, resources));
}

function listCalls(options: AccountHistoryEmulatorOptions, path: string, query: URLSearchParams): Reply {
  const calls = selectCalls(options.history, query);
  if ('code' in calls) return errorReply(calls);
  return ok(
    page2010(
      'calls',
      path,
      query,
      calls.map((call) => historyCallResource(call, options.accountSid)),
    ),
  );
}

function fetchCall(options: AccountHistoryEmulatorOptions, sid: string, path: string): Reply {
  const call = options.history.calls.find((candidate) => candidate.sid === sid);
  return call ? ok(historyCallResource(call, options.accountSid)) : errorReply(notFound(path));
}

/**
 * Insights keeps 30 days too: a summary of a call that ended before that answers Twilio's 17002
 * ("This call ended more than 30 days ago"), with 404 since the data is gone (the status is not
 * documented either).
 */
function fetchSummary(history: AccountHistory, accountSid: string, callSid: string, path: string): Reply {
  if (!history.insightsEnabled) return errorReply(NO_INSIGHTS);
  const summary = history.summaries.find((candidate) => candidate.callSid === callSid);
  if (!summary) return errorReply(notFound(path));
  if (summary.endTime.getTime() < history.now.getTime() - RETENTION_MS)
    return errorReply({ status: 404, code: 17002, message: 'This call ended more than 30 days ago' });
  return ok(summaryResource(summary, accountSid));
}

/** The account's auth token or one of its API keys' secrets, as Twilio's REST APIs take Basic auth. */
function authenticated(
  options: AccountHistoryEmulatorOptions,
  credentials: [string, string] | null,
): boolean {
  if (!credentials) return false;
  const [user, password] = credentials;
  if (user === options.accountSid) return password === options.authToken;
  return (options.apiKeys ?? []).some((key) => key.sid === user && key.secret === password);
}

function ok(json: unknown): Reply {
  return { status: 200, json };
}
