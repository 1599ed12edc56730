import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the test server received it. */
export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export type Answer = (request: Received, response: ServerResponse) => void;

/** Stands in for Twilio's REST API on 127.0.0.1: each request gets the next answer queued, else 201. */
export interface TwilioTestServer {
  readonly baseUrl: string;
  readonly received: Received[];
  /** Answers for the next requests, in order. */
  answer(...answers: Answer[]): void;
  reset(): void;
  close(): Promise<void>;
}

export const CALL_SID = `CA${'2'.repeat(32)}`;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    response.end(JSON.stringify(body));
  };
}

/** Twilio's error body (twilio.com/docs/usage/twilios-response). */
export function twilioError(status: number, code: number, message: string, headers?: Record<string, string>) {
  return json(
    status,
    { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
    headers,
  );
}

export const created: Answer = json(201, { sid: CALL_SID, status: 'queued' });

export async function startTwilioTestServer(): Promise<TwilioTestServer> {
  const received: Received[] = [];
  let answers: Answer[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const seen = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(seen);
      (answers.shift() ?? created)(seen, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    answer: (...next) => answers.push(...next),
    reset: () => {
      received.length = 0;
      answers = [];
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
