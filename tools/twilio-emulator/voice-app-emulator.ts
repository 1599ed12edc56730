import { createServer, type IncomingMessage } from 'node:http';
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { closeServer, listenLocally } from './server-lifecycle';

/**
 * An account's own web app, where its numbers' voice URLs point, for `redial diagnose` to fetch
 * TwiML from as Twilio would: each path answers its document to a GET or a form POST that carries
 * a valid `X-Twilio-Signature` for the account's auth token, and 403 to any other, as an app that
 * checks signatures does. A document may be slow (`delayMs`) or not TwiML at all (a web page).
 */
export interface VoiceDocument {
  readonly body: string;
  /** Default `application/xml`. */
  readonly contentType?: string;
  /** Answer this late: longer than the client waits is a time-out. */
  readonly delayMs?: number;
}

export interface VoiceAppOptions {
  /** The account's auth token: signatures are checked with it. */
  readonly authToken: string;
  /** Path → document. Other paths answer 404. */
  readonly documents: Readonly<Record<string, VoiceDocument>>;
  readonly port?: number;
}

/** One request as the app saw it. */
export interface VoiceAppRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly signed: boolean;
  readonly status: number;
}

export interface VoiceAppEmulator {
  /** The app's origin: voice URLs are `${url}${path}`. */
  readonly url: string;
  stop(): Promise<void>;
  requests(): VoiceAppRequest[];
}

export async function startVoiceAppEmulator(options: VoiceAppOptions): Promise<VoiceAppEmulator> {
  const seen: VoiceAppRequest[] = [];
  let origin = '';
  const server = createServer(async (request, response) => {
    const { path, params, signed } = await readRequest(request, origin, options.authToken);
    const document = options.documents[path];
    const status = !document ? 404 : signed ? 200 : 403;
    seen.push({ method: request.method ?? 'GET', path, params, signed, status });
    if (status === 200 && document?.delayMs) await delay(document.delayMs);
    if (response.destroyed) return;
    response.writeHead(status, {
      'Content-Type': status === 200 ? (document?.contentType ?? 'application/xml') : 'text/plain',
    });
    response.end(
      status === 200 ? document?.body : status === 404 ? 'Not Found' : 'Forbidden: bad X-Twilio-Signature',
    );
  });
  origin = await listenLocally(server, options.port);
  return { url: origin, stop: () => closeServer(server), requests: () => [...seen] };
}

/** The path, the parameters (query for a GET, form for a POST) and whether Twilio's signature holds. */
async function readRequest(request: IncomingMessage, origin: string, authToken: string) {
  const url = new URL(request.url ?? '/', origin);
  let body = '';
  for await (const chunk of request) body += chunk;
  const params = Object.fromEntries(new URLSearchParams(request.method === 'POST' ? body : url.search));
  // Twilio signs the whole URL it requested, plus a POST's form parameters.
  const signedParams = request.method === 'POST' ? params : {};
  const header = request.headers['x-twilio-signature'];
  const signed = typeof header === 'string' && validateRequest(authToken, header, url.href, signedParams);
  return { path: url.pathname, params, signed };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
