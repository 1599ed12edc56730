import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TABLE_INDEXES, TABLE_KEYS } from '../../lambdas/domain/table-layout';

/**
 * The call table on an in-process dynalite, for tests of the Lambdas' table logic. Sets the
 * environment the adapters read (TABLE_NAME, AWS_ENDPOINT_URL_DYNAMODB); require the modules
 * under test after `start()`.
 */
export async function startEmbeddedTable(): Promise<{ stop: () => Promise<void> }> {
  const dynalite = require('dynalite') as (options: object) => import('node:http').Server;
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    TABLE_NAME: 'calls',
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  const keys = [
    TABLE_KEYS.partition,
    TABLE_KEYS.sort,
    ...Object.values(TABLE_INDEXES).flatMap((i) => [i.partition, i.sort]),
  ];
  await new DynamoDBClient({}).send(
    new CreateTableCommand({
      TableName: 'calls',
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
  return { stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
