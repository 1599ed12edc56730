import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStackInfo } from '../../tools/local-stack/state-file';

/** Reads a local stack's call table the way `redial calls` will: through the SDK. */
export function callTableReader(info: LocalStackInfo) {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: info.region,
      endpoint: info.endpoints.dynamodb,
      credentials: info.credentials,
    }),
  );
  const itemsOfCall = async (callSid: string) => {
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: info.resources.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CALL#${callSid}` },
        ConsistentRead: true,
      }),
    );
    return Items;
  };
  return {
    itemsOfCall,
    /** Polls until the call's items satisfy `done`, or fails after `timeoutMs`. */
    async waitForCall(callSid: string, done: (items: Record<string, any>[]) => boolean, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const items = await itemsOfCall(callSid);
        if (done(items)) return items;
        if (Date.now() > deadline)
          throw new Error(`Call ${callSid} never got there; it has ${JSON.stringify(items)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
  };
}
