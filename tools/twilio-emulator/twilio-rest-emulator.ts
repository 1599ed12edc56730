import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CallbackScript,
  CallbackScriptError,
  CallbackScripts,
  DEFAULT_CALLBACK_SCRIPT,
  parseScriptRequest,
} from './callback-script';
import { SCRIPTS_PATH } from './emulator-control';
import { type EmulatedCall, type PlayEnvironment, placeCall } from './outbound-call';
import { SignedWebhookClient } from './signed-webhook-client';
import {
  API_VERSION,
  AUTHENTICATE,
  basicCredentials,
  callResource,
  errorReply,
  METHOD_NOT_ALLOWED,
  notFound,
  readCallRequest,
} from './twilio-rest-resources';

export type { AgentOutcome, CallbackScript, CustomerOutcome } from './callback-script';
export type { CallRequest, CallResourceStatus, EmulatedCall } from './outbound-call';

export interface TwilioRestEmulatorOptions {
  /** The account whose `Calls` the emulator serves; requests authenticate as it with Basic auth. */
  accountSid: string;
  /** The password of that Basic auth, and the key that signs every webhook. */
  authToken: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** How long each phone rings before it does what the script says (default 1 s). */
  ringSeconds?: number;
  /** The script of calls with no `callback` key or none set for theirs (default: everyone answers). */
  defaults?: CallbackScript;
  /** Where the calls are told, a line at a time (default: nowhere). */
  log?: (line: string) => void;
}

export interface TwilioRestEmulator {
  /** Stands in for https://api.twilio.com, e.g. http://127.0.0.1:4567. */
  url: string;
  /** Stops taking requests, then waits for the calls under way to end. */
  stop(): Promise<void>;
  /** What the calls for a callback do; its next call plays the script's first entries. */
  setScript(key: string, script: CallbackScript): void;
  /** Every call placed so far, oldest first. */
  calls(): EmulatedCall[];
}

const CALLS_PATH = new RegExp(`^/${API_VERSION}/Accounts/([^/]+)/Calls\\.json$`);
const CALL_PATH = new RegExp(`^/${API_VERSION}/Accounts/([^/]+)/Calls/([^/]+)\\.json$`);

/** An HTTP answer; `afterSent` runs once it has been sent. */
interface Reply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
  afterSent?: () => void;
}

interface ApiRequest {
  method: string;
  path: string;
  authorization: string;
  body: string;
}

/**
 * Twilio's REST API for placing calls, on 127.0.0.1, for Redial's callback worker on the local
 * stack: it answers `calls.create` as Twilio does, then plays the call against Redial's webhooks
 * as the callback script for the call's `callback` key says.
 */
export async function startTwilioRestEmulator(
  options: TwilioRestEmulatorOptions,
): Promise<TwilioRestEmulator> {
  const emulator = new RestEmulator(options);
  const server = createServer((request, response) => {
    serve(emulator, request, response).catch((error: unknown) => {
      emulator.log(`[twilio] ${request.method} ${request.url} failed: ${String(error)}`);
      if (!response.headersSent) send(response, { status: 500, json: { message: 'emulator error' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      await close(server);
      await Promise.all(emulator.calls.map((call) => call.ended));
    },
    setScript: (key, script) => emulator.scripts.set(key, script),
    calls: () => [...emulator.calls],
  };
}

class RestEmulator {
  readonly calls: EmulatedCall[] = [];
  readonly scripts: CallbackScripts;
  readonly log: (line: string) => void;
  private readonly env: PlayEnvironment;

  constructor(private readonly options: TwilioRestEmulatorOptions) {
    this.scripts = new CallbackScripts(options.defaults ?? DEFAULT_CALLBACK_SCRIPT);
    this.log = options.log ?? (() => {});
    this.env = {
      accountSid: options.accountSid,
      client: new SignedWebhookClient(options.authToken),
      ringSeconds: options.ringSeconds ?? 1,
      log: this.log,
    };
  }

  answer(request: ApiRequest): Reply {
    const { method, path } = request;
    if (path === SCRIPTS_PATH)
      return method === 'POST' ? this.setScript(request.body) : errorReply(METHOD_NOT_ALLOWED);
    if (!path.startsWith(`/${API_VERSION}/`)) return errorReply(notFound(path));
    if (!this.authenticated(request.authorization)) return errorReply(AUTHENTICATE);
    const calls = CALLS_PATH.exec(path);
    if (calls?.[1] === this.options.accountSid) {
      return method === 'POST' ? this.createCall(request.body) : errorReply(METHOD_NOT_ALLOWED);
    }
    const call = CALL_PATH.exec(path);
    if (call?.[1] === this.options.accountSid) {
      return method === 'GET' ? this.fetchCall(call[2], path) : errorReply(METHOD_NOT_ALLOWED);
    }
    return errorReply(notFound(path));
  }

  /** HTTP Basic auth with the account SID and auth token, as Twilio's REST API takes it. */
  private authenticated(authorization: string): boolean {
    const [user, password] = basicCredentials(authorization) ?? [];
    return user === this.options.accountSid && password === this.options.authToken;
  }

  private createCall(body: string): Reply {
    const request = readCallRequest(new URLSearchParams(body));
    if ('code' in request) return errorReply(request);
    const scriptKey = new URL(request.url).searchParams.get('callback') || undefined;
    const { call, start } = placeCall(request, { scriptKey, ...this.scripts.next(scriptKey) }, this.env);
    this.calls.push(call);
    return { status: 201, json: callResource(call, this.options.accountSid), afterSent: start };
  }

  private fetchCall(sid: string, path: string): Reply {
    const call = this.calls.find((candidate) => candidate.sid === sid);
    return call
      ? { status: 200, json: callResource(call, this.options.accountSid) }
      : errorReply(notFound(path));
  }

  private setScript(body: string): Reply {
    try {
      const { key, ...script } = parseScriptRequest(JSON.parse(body));
      this.scripts.set(key, script);
      return { status: 204 };
    } catch (error) {
      if (!(error instanceof CallbackScriptError || error instanceof SyntaxError)) throw error;
      return { status: 400, json: { message: `not a callback script: ${error.message}` } };
    }
  }
}

async function serve(
  emulator: RestEmulator,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readBody(request);
  const reply = emulator.answer({
    method: request.method ?? 'GET',
    path: new URL(request.url ?? '/', 'http://127.0.0.1').pathname,
    authorization: request.headers.authorization ?? '',
    body,
  });
  send(response, reply);
}

function send(response: ServerResponse, { status, json, headers, afterSent }: Reply): void {
  const body = json === undefined ? '' : JSON.stringify(json);
  const type: Record<string, string> =
    json === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' };
  response.writeHead(status, { ...type, ...headers });
  response.end(body, afterSent);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
