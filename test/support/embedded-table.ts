import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CALL_TABLE_TRANSLATION } from '../../lambdas/aws/call-table';
import { TABLE_INDEXES, TABLE_KEYS } from '../../lambdas/domain/table-layout';

const TABLE_NAME = 'calls';

/**
 * The call table, named `calls`, on an in-process dynalite, for tests of the Lambdas' table logic.
 * Points the SDK's standard environment at it (AWS_ENDPOINT_URL_DYNAMODB, region, credentials) until
 * `stop()`, so clients made meanwhile reach it; the adapters take the table's name from their caller.
 */
export interface EmbeddedTable {
  readonly tableName: string;
  /** A document client on it, marshalling as the Lambdas' own (lambdas/aws/call-table.ts). */
  readonly client: DynamoDBDocumentClient;
  stop(): Promise<void>;
}

export async function startEmbeddedTable(): Promise<EmbeddedTable> {
  const dynalite = require('dynalite') as (options: object) => import('node:http').Server;
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const environment = {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
  const before = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
  Object.assign(process.env, environment);
  const keys = [
    TABLE_KEYS.partition,
    TABLE_KEYS.sort,
    ...Object.values(TABLE_INDEXES).flatMap((i) => [i.partition, i.sort]),
  ];
  await new DynamoDBClient({}).send(
    new CreateTableCommand({
      TableName: TABLE_NAME,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: TABLE_KEYS.partition, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sort, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [...new Set(keys)].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      GlobalSecondaryIndexes: Object.values(TABLE_INDEXES).map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partition, KeyType: 'HASH' },
          { AttributeName: index.sort, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), CALL_TABLE_TRANSLATION);
  return {
    tableName: TABLE_NAME,
    client,
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Put the environment back, or whatever starts next in this process (the bench's local
      // stack) would take the stopped table's endpoint for an external one.
      for (const [name, value] of Object.entries(before)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
}
