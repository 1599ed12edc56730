import { Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { functionGrants } from './function-grants';
import { synthStack } from './synth-stack';

/** Every function writes traces (X-Ray takes no resource) and its own logs (AWS's managed policy). */
const EVERY_FUNCTION = [
  'managed AWSLambdaBasicExecutionRole',
  'xray:PutTelemetryRecords on *',
  'xray:PutTraceSegments on *',
];

/**
 * What each function's code calls (lambdas/<fn>/handler.ts and the lambdas/aws/ modules it uses),
 * and nothing else. A change here is a change of privilege: say in lib/ why the code needs it.
 */
const GRANTS = {
  // An outbox item only when SQS refuses (event-delivery.ts); the token to check signatures.
  webhook: [
    'dynamodb:PutItem on table',
    'secretsmanager:GetSecretValue on twilio secret',
    'sqs:SendMessage on dial-outcomes queue',
  ],
  recorder: [
    'dynamodb:DeleteItem on table',
    'dynamodb:GetItem on table',
    'dynamodb:PutItem on table',
    'dynamodb:Query on table',
    'dynamodb:UpdateItem on table',
    'sqs:DeleteMessage on dial-outcomes queue',
    'sqs:GetQueueAttributes on dial-outcomes queue',
    'sqs:ReceiveMessage on dial-outcomes queue',
    'sqs:SendMessage on missed-calls queue',
  ],
  alerter: [
    'dynamodb:GetItem on table',
    'dynamodb:UpdateItem on table',
    'sns:Publish on alert topic',
    'sqs:DeleteMessage on missed-calls queue',
    'sqs:GetQueueAttributes on missed-calls queue',
    'sqs:ReceiveMessage on missed-calls queue',
  ],
  worker: [
    'dynamodb:DeleteItem on table',
    'dynamodb:PutItem on table',
    'dynamodb:Query on table/index/byDueTime',
    'dynamodb:UpdateItem on table',
    'secretsmanager:GetSecretValue on twilio secret',
    'sqs:SendMessage on dial-outcomes queue',
    'sqs:SendMessage on missed-calls queue',
  ],
  // Nothing: no secret, queue or table, so it answers when those are what failed the webhook.
  fallback: [],
};

describe('each function may do what its code calls, and nothing more', () => {
  const { stack } = synthStack();
  const template = Template.fromStack(stack);
  const functions = {
    webhook: stack.webhooks.handler,
    recorder: stack.recorder.handler,
    alerter: stack.alerts.handler,
    worker: stack.worker.handler,
    fallback: stack.fallback.handler,
  };

  it.each(Object.keys(GRANTS) as (keyof typeof GRANTS)[])('%s', (name) => {
    expect(functionGrants(stack, template, functions[name])).toEqual(
      [...EVERY_FUNCTION, ...GRANTS[name]].sort(),
    );
  });

  it('covers every function in the stack', () => {
    template.resourceCountIs('AWS::Lambda::Function', Object.keys(functions).length);
  });
});

// (A wildcard such as `/index/*` fails before this: cdk-nag's IAM5 at synth.)
it('fails on a grant that widens', () => {
  const { stack } = synthStack();
  const scan = new PolicyStatement({
    actions: ['dynamodb:Scan'],
    resources: [stack.callTable.table.tableArn],
  });
  stack.alerts.handler.addToRolePolicy(scan);
  const grants = functionGrants(stack, Template.fromStack(stack), stack.alerts.handler);
  expect(grants).toContain('dynamodb:Scan on table');
});
