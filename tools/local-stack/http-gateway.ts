import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { LocalFunction } from './local-function';
import { SIMULATED_TIME_HEADER } from './state-file';

/**
 * A page of the local stack's own, served beside the template's routes at GET `path`: not part of
 * the deployed API (the dashboard), so the program hands it in rather than the template.
 */
export interface LocalPage {
  /** What the banner calls it. */
  readonly name: string;
  readonly path: string;
  render(query: URLSearchParams): Promise<{ statusCode: number; contentType: string; body: string }>;
}

export interface GatewayRoute {
  readonly method: string;
  readonly path: string;
  readonly target: LocalFunction;
}

const TEXTUAL = /^(text\/|application\/(json|xml|javascript))/i;

/** Builds the HTTP API (payload format 2.0) event API Gateway would hand the function. */
function toEvent(
  req: IncomingMessage,
  body: Buffer,
  route: GatewayRoute,
  trustSimulatedTime: boolean,
): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(',') : (value ?? ''),
    ]),
  );
  const contentType = headers['content-type'] ?? '';
  // HTTP APIs base64-encode any body that is not plainly text, form posts included.
  const isBase64Encoded = body.length > 0 && !TEXTUAL.test(contentType);
  const now = new Date(arrivalTime(headers, trustSimulatedTime));
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length > 0 ? body.toString(isBase64Encoded ? 'base64' : 'utf8') : undefined,
    isBase64Encoded,
  };
}

/**
 * When the request arrived, as API Gateway stamps it (`requestContext.timeEpoch`): this machine's
 * clock, or, when the gateway trusts it, a simulated call's own time from its header.
 */
function arrivalTime(headers: Record<string, string>, trustSimulatedTime: boolean): number {
  const simulated = Number(headers[SIMULATED_TIME_HEADER.toLowerCase()]);
  return trustSimulatedTime && Number.isSafeInteger(simulated) && simulated > 0 ? simulated : Date.now();
}

function reply(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const body = result.body ?? '';
  res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
  res.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

async function servePage(
  page: LocalPage,
  url: URL,
  res: ServerResponse,
  onRequest: (line: string) => void,
): Promise<void> {
  try {
    const { statusCode, contentType, body } = await page.render(url.searchParams);
    onRequest(`GET ${url.pathname} → ${statusCode}`);
    reply(res, { statusCode, headers: { 'content-type': contentType }, body });
  } catch (error) {
    onRequest(`GET ${url.pathname} → 500 (${(error as Error).message})`);
    reply(res, {
      statusCode: 500,
      headers: { 'content-type': 'text/plain' },
      body: `${(error as Error).message}\n`,
    });
  }
}

export interface HttpGateway {
  readonly url: string;
  stop(): Promise<void>;
}

export interface HttpGatewayOptions {
  readonly port: number;
  readonly onRequest: (line: string) => void;
  readonly pages?: readonly LocalPage[];
  /** Take a simulated call's time from its header as the arrival time (see LocalStackOptions). */
  readonly trustSimulatedTime?: boolean;
}

/**
 * API Gateway's HTTP API on this machine: the routes of the template, Lambda proxy integration,
 * and API Gateway's own answers where it would give them (404 without a route, 500 on a crash).
 */
export async function startHttpGateway(
  routes: GatewayRoute[],
  { port, onRequest, pages = [], trustSimulatedTime = false }: HttpGatewayOptions,
): Promise<HttpGateway> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://local');
      const pathname = url.pathname;
      const page = req.method === 'GET' ? pages.find((candidate) => candidate.path === pathname) : undefined;
      if (page) return servePage(page, url, res, onRequest);
      const route = routes.find(
        (candidate) => candidate.method === req.method && candidate.path === pathname,
      );
      if (!route) return reply(res, { statusCode: 404, body: '{"message":"Not Found"}' });
      try {
        const result = await route.target.invoke<APIGatewayProxyStructuredResultV2>(
          toEvent(req, Buffer.concat(chunks), route, trustSimulatedTime),
        );
        onRequest(`${req.method} ${pathname} → ${result.statusCode}`);
        reply(res, result);
      } catch (error) {
        onRequest(`${req.method} ${pathname} → 500 (${(error as Error).message})`);
        reply(res, { statusCode: 500, body: '{"message":"Internal Server Error"}' });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
