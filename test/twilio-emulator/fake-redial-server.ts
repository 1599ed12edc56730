import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { VOICE_ROUTES } from '../../lambdas/domain/voice-routes';
import { type CallOptions, type CallTranscript, simulateCall } from '../../tools/twilio-emulator';

export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';

/** A request as the fake Redial received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, e.g. `/voice/dial-status?started=1`. */
  path: string;
  /** Form parameters of a POST, or the query parameters of a GET. */
  params: Record<string, string>;
  headers: IncomingMessage['headers'];
}

export type Reply = string | { status: number; body?: string; contentType?: string };
export type Route = (request: ReceivedRequest) => Reply;

export interface FakeRedial {
  baseUrl: string;
  requests: ReceivedRequest[];
  /** The requests made to one path (query string ignored). */
  requestsTo(pathname: string): ReceivedRequest[];
  close(): Promise<void>;
}

/** TwiML `<Response>` around the given verbs. */
export function twiml(verbs: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${verbs}</Response>`;
}

/** Where the simulator posts the number's call status callback by default. */
export const CALL_STATUS_PATH = VOICE_ROUTES.callStatus;

/**
 * A stand-in for the Redial API on 127.0.0.1: it checks every request's X-Twilio-Signature as the
 * real one must (403 when wrong), then answers from `routes` by path; unknown paths get 404. Like
 * Redial, it answers the call status callback with an empty `<Response>` unless `routes` says
 * otherwise.
 */
export async function startFakeRedial(
  givenRoutes: Record<string, Route>,
  authToken = AUTH_TOKEN,
): Promise<FakeRedial> {
  const routes: Record<string, Route> = { [CALL_STATUS_PATH]: () => twiml(''), ...givenRoutes };
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    readBody(request).then((body) => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const received = parseRequest(request, body);
      requests.push(received);
      answer(response, route(routes, received, base, authToken, body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    requests,
    requestsTo: (pathname) => requests.filter((request) => request.path.split('?')[0] === pathname),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function route(
  routes: Record<string, Route>,
  request: ReceivedRequest,
  base: string,
  authToken: string,
  body: string,
): Reply {
  const signature = String(request.headers['x-twilio-signature'] ?? '');
  // A POST signs its form parameters; a GET has them in the URL already.
  const signedParams = request.method === 'POST' ? Object.fromEntries(new URLSearchParams(body)) : {};
  if (!validateRequest(authToken, signature, base + request.path, signedParams)) {
    return { status: 403, body: 'Twilio signature invalid' };
  }
  const handler = routes[request.path.split('?')[0]];
  return handler ? handler(request) : { status: 404, body: 'Not Found' };
}

function parseRequest(request: IncomingMessage, body: string): ReceivedRequest {
  const path = request.url ?? '/';
  const query = new URL(path, 'http://localhost').searchParams;
  return {
    method: request.method ?? 'GET',
    path,
    params: Object.fromEntries(request.method === 'POST' ? new URLSearchParams(body) : query),
    headers: request.headers,
  };
}

function answer(response: ServerResponse, reply: Reply): void {
  const { status, body, contentType } = typeof reply === 'string' ? { status: 200, body: reply } : reply;
  response.writeHead(status, { 'Content-Type': contentType ?? 'text/xml' });
  response.end(body ?? '');
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const REDIAL_NUMBER = '+442071234567';

/** The customer whom the fake's callback `<Dial>`s once the agent accepts. */
export const CALLBACK_CUSTOMER = '+15005550006';

/**
 * Callback routes answered as Redial answers them: the agent hears who is waiting and presses 1,
 * then Redial dials the customer. Every URL keeps the callback's `callback` and `attempt`.
 */
export function callbackRoutes(): Record<string, Route> {
  return {
    '/voice/callback-answer': (request) => {
      const accept = `/voice/callback-accept?${legQuery(request)}`;
      return twiml(
        `<Gather numDigits="1" action="${accept}"><Say>A customer asked for a callback. Press 1 to call them.</Say></Gather>` +
          `<Redirect>${accept}</Redirect>`,
      );
    },
    '/voice/callback-accept': (request) =>
      request.params.Digits === '1'
        ? twiml(
            `<Dial action="/voice/callback-dial-status?${legQuery(request)}"><Number>${CALLBACK_CUSTOMER}</Number></Dial>`,
          )
        : twiml('<Say>Goodbye.</Say><Hangup/>'),
    '/voice/callback-dial-status': () => twiml('<Hangup/>'),
    '/voice/callback-status': () => ({ status: 204 }),
  };
}

/** `callback=…&amp;attempt=…` from the request's URL, escaped for an XML attribute. */
function legQuery(request: ReceivedRequest): string {
  const query = new URL(request.path, 'http://localhost').searchParams;
  const leg = new URLSearchParams({
    callback: query.get('callback') ?? '',
    attempt: query.get('attempt') ?? '',
  });
  return leg.toString().replaceAll('&', '&amp;');
}

/** A simulated call to the fake, with quick rings so that tests stay fast. */
export function callFake(server: FakeRedial, options: Partial<CallOptions> = {}): Promise<CallTranscript> {
  return simulateCall({
    baseUrl: server.baseUrl,
    authToken: AUTH_TOKEN,
    to: REDIAL_NUMBER,
    ringSeconds: 0.05,
    ...options,
  });
}

/** Every event of the call, in order. */
export function allEvents(transcript: CallTranscript): string[] {
  return transcript.steps.flatMap((step) => step.events);
}
