import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { callTable, tableName } from '../aws/call-table';
import { logger } from '../aws/observability';
import { PENDING_CALLBACKS, TABLE_INDEXES } from '../domain/table-layout';

const { byDueTime } = TABLE_INDEXES;

/** Reads the callbacks that are due, oldest first, through the due-time index. */
export const handler = async (): Promise<{ due: number }> => {
  const now = new Date().toISOString();
  const result = await callTable.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: byDueTime.name,
      KeyConditionExpression: '#due = :pending AND #at <= :now',
      ExpressionAttributeNames: { '#due': byDueTime.partition, '#at': byDueTime.sort },
      ExpressionAttributeValues: { ':pending': PENDING_CALLBACKS, ':now': now },
      Limit: 25,
    }),
  );
  const due = result.Items?.length ?? 0;
  logger.info('Callback worker run', { due });
  return { due };
};
