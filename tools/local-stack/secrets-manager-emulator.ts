import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The three Secrets Manager actions Redial uses (CreateSecret, GetSecretValue, PutSecretValue),
 * spoken over the real AWS JSON 1.1 protocol so the SDK in the Lambda bundle cannot tell it
 * from the service. Neither dynalite nor fauxqs has Secrets Manager, and nothing else ships in-process.
 */
interface StoredSecret {
  readonly arn: string;
  readonly name: string;
  secretString: string;
  versionId: string;
}

export interface SecretsManagerEmulator {
  readonly endpoint: string;
  stop(): Promise<void>;
}

function answer(status: number, body: unknown, res: import('node:http').ServerResponse): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  res.end(JSON.stringify(body));
}

export async function startSecretsManagerEmulator(
  region: string,
  accountId: string,
): Promise<SecretsManagerEmulator> {
  const secrets = new Map<string, StoredSecret>();
  const find = (id: string) => secrets.get(id) ?? [...secrets.values()].find((secret) => secret.arn === id);
  const actions: Record<string, (input: Record<string, string>) => [number, unknown]> = {
    CreateSecret: ({ Name, SecretString }) => {
      if (secrets.has(Name)) return [400, { __type: 'ResourceExistsException', message: `${Name} exists` }];
      const arn = `arn:aws:secretsmanager:${region}:${accountId}:secret:${Name}-${randomBytes(3).toString('hex')}`;
      const secret = {
        arn,
        name: Name,
        secretString: SecretString,
        versionId: randomBytes(16).toString('hex'),
      };
      secrets.set(Name, secret);
      return [200, { ARN: arn, Name, VersionId: secret.versionId }];
    },
    GetSecretValue: ({ SecretId }) => {
      const secret = find(SecretId);
      if (!secret) return [400, { __type: 'ResourceNotFoundException', message: `No secret ${SecretId}` }];
      return [
        200,
        {
          ARN: secret.arn,
          Name: secret.name,
          SecretString: secret.secretString,
          VersionId: secret.versionId,
        },
      ];
    },
    PutSecretValue: ({ SecretId, SecretString }) => {
      const secret = find(SecretId);
      if (!secret) return [400, { __type: 'ResourceNotFoundException', message: `No secret ${SecretId}` }];
      secret.secretString = SecretString;
      secret.versionId = randomBytes(16).toString('hex');
      return [200, { ARN: secret.arn, Name: secret.name, VersionId: secret.versionId }];
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const action = String(req.headers['x-amz-target'] ?? '').replace('secretsmanager.', '');
      const handler = actions[action];
      if (!handler) return answer(400, { __type: 'UnknownOperationException', message: action }, res);
      try {
        const [status, body] = handler(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
        answer(status, body, res);
      } catch (error) {
        answer(400, { __type: 'InvalidRequestException', message: (error as Error).message }, res);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
