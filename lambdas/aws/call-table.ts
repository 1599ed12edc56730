import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from './required-env';

/** The document client for the call table, with undefined attributes left out. */
export const callTable = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export const tableName = () => requiredEnv('TABLE_NAME');

/**
 * Runs a conditional write; false when its condition did not hold (a replay, or someone else got
 * there first), which for Redial's idempotent writes is an answer, not an error.
 */
export async function unlessConditionFails(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Puts an item unless one with its key exists; false when it already did (a replay). */
export function putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
  return unlessConditionFails(() =>
    callTable.send(
      new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    ),
  );
}

/**
 * Sets attributes unless the item already holds a newer version (by `versionAttribute`);
 * false when the condition kept the newer values.
 */
export async function setIfNotNewer(
  key: Record<string, string>,
  values: Record<string, unknown>,
  versionAttribute: string,
): Promise<boolean> {
  const defined = Object.entries(values).filter(([, value]) => value !== undefined);
  const names = Object.fromEntries(defined.map(([name], i) => [`#a${i}`, name]));
  const vals = Object.fromEntries(defined.map(([, value], i) => [`:v${i}`, value]));
  const versionIndex = defined.findIndex(([name]) => name === versionAttribute);
  return unlessConditionFails(() =>
    callTable.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: `SET ${defined.map((_, i) => `#a${i} = :v${i}`).join(', ')}`,
        ConditionExpression: `attribute_not_exists(#a${versionIndex}) OR #a${versionIndex} <= :v${versionIndex}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: vals,
      }),
    ),
  );
}

/** Sets each attribute only where the item does not have it yet (creating the item if need be). */
export async function setIfAbsent(
  key: Record<string, string>,
  values: Record<string, unknown>,
): Promise<void> {
  const defined = Object.entries(values).filter(([, value]) => value !== undefined);
  await callTable.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: `SET ${defined.map((_, i) => `#a${i} = if_not_exists(#a${i}, :v${i})`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(defined.map(([name], i) => [`#a${i}`, name])),
      ExpressionAttributeValues: Object.fromEntries(defined.map(([, value], i) => [`:v${i}`, value])),
    }),
  );
}

/** Sets one entry of a map attribute the item already has (writing the same entry twice is harmless). */
export async function setMapEntry(key: Record<string, string>, map: string, entry: string, value: unknown) {
  await callTable.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'SET #map.#entry = :value',
      ExpressionAttributeNames: { '#map': map, '#entry': entry },
      ExpressionAttributeValues: { ':value': value },
    }),
  );
}

export async function getItem(key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
  const { Item } = await callTable.send(
    new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }),
  );
  return Item;
}
