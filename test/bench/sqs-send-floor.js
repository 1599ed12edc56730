// A stand-in handler for warm-cost's floor: the one AWS call the webhook makes per request (a
// SendMessageBatch of one event to the dial-outcomes queue, in its environment), through the
// AWS SDK alone. Its cost, answered in process as the webhook's is, is the part of the webhook's
// figure that is the SDK's rather than Redial's.
const { SendMessageBatchCommand, SQSClient } = require('@aws-sdk/client-sqs');

const sqs = new SQSClient({});
/** About the size of the webhook's call-started event. */
const BODY = JSON.stringify({ type: 'call-started', padding: 'x'.repeat(300) });

exports.handler = async (_event, context) => {
  const id = context.awsRequestId;
  await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: process.env.DIAL_OUTCOMES_QUEUE_URL,
      Entries: [{ Id: '0', MessageBody: BODY, MessageGroupId: id, MessageDeduplicationId: id }],
    }),
  );
  return { statusCode: 200 };
};
