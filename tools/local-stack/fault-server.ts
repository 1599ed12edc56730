import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Where the fault plan's `throttle` and `error` requests go (network-faults.js): it answers each as
 * the service itself answers when it throttles or fails, in that service's protocol, so the SDK in
 * the function reads a real ThrottlingException or InternalServerError and retries as against AWS.
 */
export interface FaultServer {
  readonly url: string;
  /** How many answers it gave, by `service/effect`. */
  readonly counts: ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

interface FaultAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const json = (status: number, type: string, message: string, queryError?: string): FaultAnswer => ({
  status,
  headers: {
    'content-type': 'application/x-amz-json-1.0',
    // SQS's JSON protocol names the error's query-protocol code here too.
    ...(queryError ? { 'x-amzn-query-error': queryError } : {}),
  },
  body: JSON.stringify({ __type: type, message }),
});

const xml = (status: number, type: 'Sender' | 'Receiver', code: string, message: string): FaultAnswer => ({
  status,
  headers: { 'content-type': 'text/xml' },
  body: `<ErrorResponse><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>injected</RequestId></ErrorResponse>`,
});

const ANSWERS: Readonly<Record<string, FaultAnswer>> = {
  'dynamodb/throttle': json(
    400,
    'com.amazonaws.dynamodb.v20120810#ThrottlingException',
    'Rate of requests exceeds the allowed throughput (injected).',
  ),
  'dynamodb/error': json(
    500,
    'com.amazonaws.dynamodb.v20120810#InternalServerError',
    'Internal server error (injected).',
  ),
  'sqs/throttle': json(
    400,
    'com.amazonaws.sqs#RequestThrottled',
    'Request throttled (injected).',
    'RequestThrottled;Sender',
  ),
  'sqs/error': json(
    500,
    'com.amazonaws.sqs#InternalError',
    'Internal error (injected).',
    'InternalError;Receiver',
  ),
  'sns/throttle': xml(400, 'Sender', 'Throttling', 'Rate exceeded (injected).'),
  'sns/error': xml(500, 'Receiver', 'InternalError', 'Internal error (injected).'),
  'secretsmanager/throttle': json(400, 'ThrottlingException', 'Rate exceeded (injected).'),
  'secretsmanager/error': json(500, 'InternalServiceError', 'Internal service error (injected).'),
};

/** `dynamodb/throttle 12, sqs/error 3`: what it has answered so far. */
export const faultCounts = (counts: ReadonlyMap<string, number>) =>
  [...counts].map(([key, count]) => `${key} ${count}`).join(', ');

/** `log` is told what it has answered so far, every `reportMs` while that changes. */
export async function startFaultServer(log?: (line: string) => void, reportMs = 5000): Promise<FaultServer> {
  const counts = new Map<string, number>();
  const claims = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://faults');
      if (url.pathname.startsWith('/claims/')) return grantClaim(url, res);
      // `/service/effect`, whatever the client appends after it (a queue's path, a slash).
      const key = url.pathname.split('/').slice(1, 3).join('/');
      const answer = ANSWERS[key] ?? {
        status: 404,
        headers: { 'content-type': 'text/plain' },
        body: `no fault ${key}`,
      };
      counts.set(key, (counts.get(key) ?? 0) + 1);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
  });
  /** A limited rule's crashes, counted here for every worker: 200 while some are left, else 429. */
  const grantClaim = (url: URL, res: ServerResponse) => {
    const key = decodeURIComponent(url.pathname.slice('/claims/'.length));
    const granted = (claims.get(key) ?? 0) < Number(url.searchParams.get('limit'));
    if (granted) claims.set(key, (claims.get(key) ?? 0) + 1);
    res.writeHead(granted ? 200 : 429).end();
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let reported = '';
  const report = setInterval(() => {
    const now = faultCounts(counts);
    if (now !== reported) log?.(`[faults] injected so far: ${now}`);
    reported = now;
  }, reportMs);
  report.unref();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    stop: () => {
      clearInterval(report);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
