// Run by sqs-endpoint.test.ts through tsx (fauxqs is ESM-only, which Jest's loader cannot import).
// Starts the embedded emulators, creates a queue as the local stack does, then sends to it the
// way a Lambda function's code does: an SQS client with no endpoint in code, configured by the
// AWS_* environment the local stack gives the function, logging through the SDK's default, console.
// Prints what it saw as JSON.
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startEmulators } from '../../tools/local-stack/emulators';
import { LOCAL_CREDENTIALS, localClients } from '../../tools/local-stack/local-resources';
import { resolveLocalhostSubdomains } from '../../tools/local-stack/localhost-dns';

async function main(): Promise<void> {
  resolveLocalhostSubdomains(); // as lambda-worker.js does in each function's thread
  const region = 'eu-west-2';
  const emulators = await startEmulators(region, '000000000000');
  try {
    const { sqs } = localClients(emulators, region);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'probe' }));

    Object.assign(process.env, {
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_SQS: emulators.functionEndpoints.SQS,
    });
    const warnings: string[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
    const functionClient = new SQSClient({});
    await functionClient.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));

    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    process.stdout.write(
      JSON.stringify({
        queueUrl: QueueUrl,
        endpoints: emulators.endpoints,
        functionEndpoints: emulators.functionEndpoints,
        warnings,
        received: (Messages ?? []).map((message) => message.Body),
      }),
    );
  } finally {
    await emulators.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.stack);
  process.exit(1);
});
