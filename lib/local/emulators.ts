import type { AddressInfo } from 'node:net';
import { startSecretsManagerEmulator } from './secrets-manager-emulator';

/** The AWS services the local stack needs, by the suffix of their AWS_ENDPOINT_URL_* variable. */
export const LOCAL_SERVICES = ['DYNAMODB', 'SQS', 'SNS', 'SECRETS_MANAGER'] as const;
export type LocalService = (typeof LOCAL_SERVICES)[number];

export interface Emulators {
  readonly endpoints: Record<LocalService, string>;
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

async function startFauxqsServer(region: string): Promise<[string, Stopper]> {
  const { startFauxqs } = await import('fauxqs');
  const server = await startFauxqs({ port: 0, logger: false, defaultRegion: region });
  return [`http://127.0.0.1:${server.port}`, () => server.stop()];
}

/**
 * Starts an embedded emulator for each service whose AWS_ENDPOINT_URL_<SERVICE> is not set;
 * a set variable (DynamoDB Local, LocalStack, …) is used as it is.
 */
export async function startEmulators(region: string, accountId: string): Promise<Emulators> {
  const endpoints: Partial<Record<LocalService, string>> = {};
  const external: LocalService[] = [];
  for (const service of LOCAL_SERVICES) {
    const configured = process.env[`AWS_ENDPOINT_URL_${service}`];
    if (configured) {
      endpoints[service] = configured;
      external.push(service);
    }
  }
  const stoppers: Stopper[] = [];
  if (!endpoints.DYNAMODB) {
    const [endpoint, stop] = await startDynalite();
    endpoints.DYNAMODB = endpoint;
    stoppers.push(stop);
  }
  if (!endpoints.SQS || !endpoints.SNS) {
    // fauxqs serves SQS and SNS on one port; SNS→SQS fan-out needs both in the same emulator.
    const [endpoint, stop] = await startFauxqsServer(region);
    endpoints.SQS ??= endpoint;
    endpoints.SNS ??= endpoint;
    stoppers.push(stop);
  }
  if (!endpoints.SECRETS_MANAGER) {
    const emulator = await startSecretsManagerEmulator(region, accountId);
    endpoints.SECRETS_MANAGER = emulator.endpoint;
    stoppers.push(emulator.stop);
  }
  return {
    endpoints: endpoints as Record<LocalService, string>,
    external,
    stop: async () => {
      await Promise.all(stoppers.map((stop) => stop()));
    },
  };
}
