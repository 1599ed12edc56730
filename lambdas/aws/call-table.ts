import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** How the call table's items translate: undefined attributes left out. Every client of it uses this. */
export const CALL_TABLE_TRANSLATION = { marshallOptions: { removeUndefinedValues: true } } as const;

/** The document client for the call table, configured by the standard environment. */
export const callTable = DynamoDBDocumentClient.from(new DynamoDBClient({}), CALL_TABLE_TRANSLATION);

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
