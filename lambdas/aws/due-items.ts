import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_INDEXES } from '../domain/table-layout';
import { callTable, tableName } from './call-table';

const { byDueTime } = TABLE_INDEXES;

/** Items of one due-time partition whose time has come, oldest first. */
export async function dueItems(
  partition: string,
  now: Date,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await callTable.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: byDueTime.name,
      KeyConditionExpression: '#due = :partition AND #at <= :now',
      ExpressionAttributeNames: { '#due': byDueTime.partition, '#at': byDueTime.sort },
      ExpressionAttributeValues: { ':partition': partition, ':now': now.toISOString() },
      ScanIndexForward: true,
      Limit: limit,
    }),
  );
  return Items;
}
