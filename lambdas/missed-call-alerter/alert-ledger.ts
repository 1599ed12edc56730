import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { callTable, tableName } from '../aws/call-table';
import type { MissedCallNotice } from '../domain/events';
import { alertLedgerKey, expiresAt } from '../domain/table-layout';

/** How long a claim on an alert holds before another delivery may take it over (a crashed alerter). */
const CLAIM_SECONDS = 60;

export type Claim = 'claimed' | 'already-sent' | 'held-elsewhere';

/**
 * The alert item is the ledger that makes an alert go out once: a delivery claims it (only when
 * unclaimed, or when an earlier claim has lapsed), publishes, then marks it sent. Two deliveries
 * racing each other cannot both claim; a crash between publish and mark can repeat the alert
 * once the claim lapses, the one window SNS leaves open.
 */
export async function claimAlert(notice: MissedCallNotice, now: Date, retentionDays: number): Promise<Claim> {
  try {
    await callTable.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: alertLedgerKey(notice),
        UpdateExpression:
          'SET #status = :claimed, claimedUntil = :until, kind = :kind, agentId = :agent, disposition = :disposition, expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(#status) OR (#status = :claimed AND claimedUntil < :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':claimed': 'claimed',
          ':until': new Date(now.getTime() + CLAIM_SECONDS * 1000).toISOString(),
          ':now': now.toISOString(),
          ':kind': 'alert',
          ':agent': notice.agentId,
          ':disposition': notice.disposition,
          ':expires': expiresAt(now, retentionDays),
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'claimed';
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return error.Item?.status?.S === 'sent' ? 'already-sent' : 'held-elsewhere';
  }
}

export async function markAlertSent(notice: MissedCallNotice, messageId: string | undefined, now: Date) {
  await callTable.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: alertLedgerKey(notice),
      UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :now, #trigger = :trigger',
      // Both are DynamoDB reserved words.
      ExpressionAttributeNames: { '#status': 'status', '#trigger': 'trigger' },
      ExpressionAttributeValues: {
        ':sent': 'sent',
        ':messageId': messageId ?? '',
        ':now': now.toISOString(),
        ':trigger': notice.trigger,
      },
    }),
  );
}
