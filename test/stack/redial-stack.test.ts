import { Match, Template } from 'aws-cdk-lib/assertions';
import { VOICE_ROUTES } from '../../lambdas/domain/voice-routes';
import { synthChangedConfig, synthStack } from './synth-stack';

describe('RedialStack', () => {
  const { stack } = synthStack();
  const template = Template.fromStack(stack);

  it('serves every voice route through an HTTP API backed by the webhook Lambda', () => {
    for (const path of Object.values(VOICE_ROUTES)) {
      const route = `POST ${path}`;
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: route });
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('runs five Node 24 arm64 functions with log groups', () => {
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        LoggingConfig: Match.objectLike({ LogGroup: Match.anyValue() }),
      },
      5,
    );
    template.resourceCountIs('AWS::Logs::LogGroup', 6);
  });

  it('feeds both consumers from queues with DLQs and partial batch responses', () => {
    template.resourcePropertiesCountIs(
      'AWS::SQS::Queue',
      { RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }), VisibilityTimeout: 180 },
      2,
    );
    template.hasResourceProperties('AWS::SQS::Queue', { FifoQueue: true, RedrivePolicy: Match.anyValue() });
    template.resourcePropertiesCountIs(
      'AWS::Lambda::EventSourceMapping',
      { FunctionResponseTypes: ['ReportBatchItemFailures'] },
      2,
    );
  });

  it('keeps calls in an on-demand table with PITR, TTL and the query indexes', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: 'byAgent' }),
        Match.objectLike({ IndexName: 'byDisposition' }),
        Match.objectLike({ IndexName: 'byDueTime' }),
        Match.objectLike({ IndexName: 'byDay' }),
      ]),
    });
  });

  it('keeps the logical IDs of what a replacement would lose: the calls in the table, the auth token in the secret', () => {
    expect(Object.keys(template.findResources('AWS::DynamoDB::GlobalTable'))).toEqual([
      'CallStoreTableDFC35627',
    ]);
    expect(Object.keys(template.findResources('AWS::SecretsManager::Secret'))).toEqual([
      'WebhookApiTwilioCredentials9AEE4472',
    ]);
  });

  it('keeps its output names', () => {
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual([
      'CallStatusWebhookUrl',
      'TwilioCredentialsSecret',
      'VoiceFallbackUrl',
      'VoiceWebhookUrl',
    ]);
  });

  it('gives the URLs to paste into the Twilio number: calls come in, and call status changes', () => {
    template.hasOutput('VoiceWebhookUrl', { Value: Match.objectLike({}) });
    const { Value } = template.findOutputs('CallStatusWebhookUrl').CallStatusWebhookUrl;
    expect(JSON.stringify(Value)).toContain(VOICE_ROUTES.callStatus);
  });

  it('publishes alerts to an encrypted topic and runs the callback worker every minute', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 minute)' });
  });

  it("subscribes each agent's endpoints with a filter on their agentId, and the supervisors unfiltered", () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'alice@example.com',
      FilterPolicy: { agentId: ['alice'] },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sms',
      Endpoint: '+447700900303',
      FilterPolicy: { agentId: ['carol'] },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'supervisors@example.com',
      FilterPolicy: Match.absent(),
    });
    template.resourceCountIs('AWS::SNS::Subscription', 5);
  });

  it('gives the outbox and callback worker the Twilio secret, the queues it sends to and the public URL', () => {
    const workers = template.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('drains the webhook outbox.*places due callbacks') },
    });
    const [worker] = Object.values(workers);
    expect(Object.keys(worker.Properties.Environment.Variables)).toEqual(
      expect.arrayContaining([
        'CALL_TABLE_NAME',
        'DIAL_OUTCOMES_QUEUE_URL',
        'MISSED_CALLS_QUEUE_URL',
        'TWILIO_CREDENTIALS_SECRET',
        'PUBLIC_BASE_URL',
      ]),
    );
  });

  it("gives the functions that build Twilio URLs (webhook, worker, fallback) the HTTP API's endpoint as the public base URL", () => {
    const [api] = Object.keys(template.findResources('AWS::ApiGatewayV2::Api'));
    const endpoint = { 'Fn::GetAtt': [api, 'ApiEndpoint'] };
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Environment: { Variables: Match.objectLike({ PUBLIC_BASE_URL: endpoint }) } },
      3,
    );
  });
});

describe('a custom domain', () => {
  const { stack } = synthStack(undefined, { publicBaseUrl: 'https://voice.example.com' });
  const template = Template.fromStack(stack);

  it('is the base URL Twilio is given and the functions check signatures against', () => {
    template.hasOutput('VoiceWebhookUrl', { Value: `https://voice.example.com${VOICE_ROUTES.incoming}` });
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Environment: { Variables: Match.objectLike({ PUBLIC_BASE_URL: 'https://voice.example.com' }) } },
      3,
    );
  });
});

describe('invalid config', () => {
  it('fails synth naming the field', () => {
    const noAgent = (raw: Record<string, any>) => {
      raw.numbers[0].huntList = ['nobody'];
    };
    expect(() => synthChangedConfig(noAgent)).toThrow(/numbers\.0\.huntList\.0: names agent "nobody"/);
  });
});
