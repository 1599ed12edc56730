import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { parseConfig } from '../../lambdas/domain/config';
import { OUTCOME_RECORDER_ENVIRONMENT } from '../../lambdas/outcome-recorder/environment';
import { WEBHOOK_ENVIRONMENT } from '../../lambdas/webhook/environment';
import { RedialFunction } from '../../lib/redial-function';
import { TwilioAccount } from '../../lib/twilio-account';
import { exampleConfigJson } from '../support/example-config';

const config = parseConfig(exampleConfigJson());

/** A stack with the outcome recorder's function and what it could be wired to; nothing bundled. */
function recorderStack() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test');
  const fn = new RedialFunction(stack, 'Recorder', {
    handlerFolder: 'outcome-recorder',
    description: 'test',
    config,
    declaredEnvironment: OUTCOME_RECORDER_ENVIRONMENT,
  });
  const table = new TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  return { app, stack, fn, table, queue: new Queue(stack, 'Queue') };
}

describe('RedialFunction wiring', () => {
  it('fails synth naming each declared variable nothing wired, and what it holds', () => {
    const { app, fn, table } = recorderStack();
    fn.useTable(table, 'CALL_TABLE_NAME', { items: ['GetItem'] });
    expect(() => app.synth()).toThrow(
      /MISSED_CALLS_QUEUE_URL \(The missed-calls queue .*\) is declared in lambdas\/outcome-recorder\/environment\.ts but never wired/,
    );
  });

  it('sets each variable and grants with it, in one call', () => {
    const { stack, fn, table, queue } = recorderStack();
    fn.useTable(table, 'CALL_TABLE_NAME', { items: ['PutItem'] });
    fn.useQueue(queue, 'MISSED_CALLS_QUEUE_URL');
    const template = Template.fromStack(stack);
    const [variables] = Object.values(template.findResources('AWS::Lambda::Function')).map(
      (resource) => resource.Properties.Environment.Variables,
    );
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(Object.keys(OUTCOME_RECORDER_ENVIRONMENT)));
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy'));
    const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'sqs:SendMessage']));
    expect(actions).not.toContain('dynamodb:GetItem');
  });

  it('refuses a variable wired twice', () => {
    const { fn, queue } = recorderStack();
    fn.useQueue(queue, 'MISSED_CALLS_QUEUE_URL');
    expect(() => fn.useQueue(queue, 'MISSED_CALLS_QUEUE_URL')).toThrow(
      'Test/Recorder: MISSED_CALLS_QUEUE_URL is wired twice',
    );
  });

  it('takes only the names the declaration has: a renamed variable is a type error', () => {
    const { stack, fn, queue } = recorderStack();
    const account = new TwilioAccount(stack, 'Twilio', { publicBaseUrl: 'https://voice.example.com' });
    // @ts-expect-error: TABLE_NAME is not in the recorder's declaration
    expect(() => fn.useQueue(queue, 'TABLE_NAME')).not.toThrow();
    // @ts-expect-error: the recorder does not declare the Twilio account's variables
    expect(() => fn.useTwilioAccount(account)).not.toThrow();
    const webhook = new RedialFunction(stack, 'Webhook', {
      handlerFolder: 'webhook',
      description: 'test',
      config,
      declaredEnvironment: WEBHOOK_ENVIRONMENT,
    });
    webhook.useTwilioAccount(account);
  });
});

describe('TwilioAccount', () => {
  it('fails synth without a custom domain or an API receiving its webhooks', () => {
    const app = new App();
    new TwilioAccount(new Stack(app, 'Test'), 'Twilio');
    expect(() => app.synth()).toThrow(/no public base URL/);
  });
});
