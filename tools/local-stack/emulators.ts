import type { AddressInfo } from 'node:net';
import { startSecretsManagerEmulator } from './secrets-manager-emulator';

/** The AWS services the local stack needs, by the suffix of their AWS_ENDPOINT_URL_* variable. */
export const LOCAL_SERVICES = ['DYNAMODB', 'SQS', 'SNS', 'SECRETS_MANAGER'] as const;
export type LocalService = (typeof LOCAL_SERVICES)[number];

export interface Emulators {
  /** Where each service listens: what local.json lists and the local stack's own clients use. */
  readonly endpoints: Record<LocalService, string>;
  /**
   * The AWS_ENDPOINT_URL_* the Lambda functions get: `endpoints`, except that an embedded fauxqs's
   * SQS endpoint is the origin of its queue URLs (see fauxqsSqsEndpoint).
   */
  readonly functionEndpoints: Record<LocalService, string>;
  /** Which endpoints came from the environment rather than an embedded emulator. */
  readonly external: LocalService[];
  stop(): Promise<void>;
}

type Stopper = () => Promise<void>;

async function startDynalite(): Promise<[string, Stopper]> {
  // dynalite ships no types; its factory returns a node:http server.
  const dynalite = require('dynalite') as (options: object) => import('node:http').Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return [`http://127.0.0.1:${port}`, () => new Promise((resolve) => server.close(() => resolve()))];
}

// The host in fauxqs's queue URLs; passed explicitly so a FAUXQS_HOST in the environment cannot move them.
const FAUXQS_HOST = 'localhost';

/**
 * fauxqs names its queues http://sqs.<region>.localhost:<port>/<account>/<name>, and an SQS client
 * whose endpoint comes from AWS_ENDPOINT_URL_SQS sends each queue's calls to the queue URL's origin,
 * warning "QueueUrl=… differs from SQSClient resolved endpoint=…" on every call when the endpoint
 * has another origin. With this origin as their endpoint the functions' clients have nothing to
 * warn about; their worker threads resolve *.localhost to loopback (localhost-dns.js).
 */
export function fauxqsSqsEndpoint(region: string, port: number): string {
  return `http://sqs.${region}.${FAUXQS_HOST}:${port}`;
}

async function startFauxqsServer(region: string): Promise<[number, Stopper]> {
  const { startFauxqs } = await import('fauxqs');
  const server = await startFauxqs({ port: 0, logger: false, defaultRegion: region, host: FAUXQS_HOST });
  return [server.port, () => server.stop()];
}

/** The endpoints AWS_ENDPOINT_URL_<SERVICE> sets in this environment. */
export function configuredEndpoints(env = process.env): Partial<Record<LocalService, string>> {
  return Object.fromEntries(
    LOCAL_SERVICES.filter((service) => env[`AWS_ENDPOINT_URL_${service}`]).map((service) => [
      service,
      env[`AWS_ENDPOINT_URL_${service}`],
    ]),
  );
}

/**
 * Starts an embedded emulator for each service without a `configured` endpoint (by default, each
 * whose AWS_ENDPOINT_URL_<SERVICE> is not set); a configured one (DynamoDB Local, LocalStack,
 * `redial emulators`) is used as it is.
 */
export async function startEmulators(
  region: string,
  accountId: string,
  configured = configuredEndpoints(),
): Promise<Emulators> {
  const endpoints: Partial<Record<LocalService, string>> = { ...configured };
  const external = LOCAL_SERVICES.filter((service) => configured[service] !== undefined);
  const stoppers: Stopper[] = [];
  if (!endpoints.DYNAMODB) {
    const [endpoint, stop] = await startDynalite();
    endpoints.DYNAMODB = endpoint;
    stoppers.push(stop);
  }
  let embeddedSqsPort: number | undefined;
  if (!endpoints.SQS || !endpoints.SNS) {
    // fauxqs serves SQS and SNS on one port; SNS→SQS fan-out needs both in the same emulator.
    const [port, stop] = await startFauxqsServer(region);
    const endpoint = `http://127.0.0.1:${port}`;
    if (!endpoints.SQS) embeddedSqsPort = port;
    endpoints.SQS ??= endpoint;
    endpoints.SNS ??= endpoint;
    stoppers.push(stop);
  }
  if (!endpoints.SECRETS_MANAGER) {
    const emulator = await startSecretsManagerEmulator(region, accountId);
    endpoints.SECRETS_MANAGER = emulator.endpoint;
    stoppers.push(emulator.stop);
  }
  const listening = endpoints as Record<LocalService, string>;
  return {
    endpoints: listening,
    functionEndpoints:
      embeddedSqsPort === undefined
        ? listening
        : { ...listening, SQS: fauxqsSqsEndpoint(region, embeddedSqsPort) },
    external,
    stop: async () => {
      await Promise.all(stoppers.map((stop) => stop()));
    },
  };
}
