import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { synthChangedConfig } from './synth-stack';

const synth = synthChangedConfig;

type Resource = { Type: string; Properties: Record<string, any> };

function alarmsOf(template: Template): Record<string, Record<string, any>> {
  const alarms = template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>;
  return Object.fromEntries(
    Object.values(alarms).map((alarm) => [alarm.Properties.AlarmName, alarm.Properties]),
  );
}

/** An alarm on one metric: its namespace, name, dimensions (by name), statistic and period. */
function single(alarm: Record<string, any>) {
  return {
    metric: `${alarm.Namespace} ${alarm.MetricName}`,
    dimensions: (alarm.Dimensions ?? []).map((dimension: { Name: string }) => dimension.Name).sort(),
    statistic: alarm.Statistic,
    period: alarm.Period,
    threshold: alarm.Threshold,
    evaluationPeriods: alarm.EvaluationPeriods,
    comparison: alarm.ComparisonOperator,
  };
}

const AT_LEAST = 'GreaterThanOrEqualToThreshold';

describe('the operations alarms', () => {
  const { app, stack } = synth();
  const template = Template.fromStack(stack);
  const alarms = alarmsOf(template);

  it('are these, each publishing to the operations topic when it fires and when it clears', () => {
    expect(Object.keys(alarms).sort()).toEqual([
      'Redial-CallbackNotPlaced',
      'Redial-CallbackWorkerErrors',
      'Redial-DeclineRateSpike',
      'Redial-DialOutcomesDeadLetters',
      'Redial-MissedCallsDeadLetters',
      'Redial-SignatureFailureBurst',
      'Redial-Webhook5xx',
    ]);
    const [topic] = Object.keys(
      template.findResources('AWS::SNS::Topic', { Properties: { DisplayName: 'Redial operations alarms' } }),
    );
    for (const alarm of Object.values(alarms)) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topic }]);
      expect(alarm.OKActions).toEqual([{ Ref: topic }]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
      expect(alarm.AlarmDescription).toEqual(expect.any(String));
    }
  });

  it('fires on a decline-rate spike: 603s ≥ 30% of an hour of at least 20 dials (metric math)', () => {
    const alarm = alarms['Redial-DeclineRateSpike'];
    expect(alarm).toMatchObject({ Threshold: 30, EvaluationPeriods: 1, ComparisonOperator: AT_LEAST });
    const metrics = alarm.Metrics as Record<string, any>[];
    const expressions = Object.fromEntries(
      metrics
        .filter((m) => m.Expression)
        .map((m) => [m.Id, { expression: m.Expression, returned: m.ReturnData }]),
    );
    expect(expressions).toMatchObject({
      expr_1: { expression: 'IF(dials >= 20, 100 * declines / dials, 0)' },
      declines: {
        expression: 'FILL(d_declined_by_user, 0) + FILL(d_declined_by_policy, 0)',
        returned: false,
      },
      dials: {
        expression:
          'FILL(d_answered, 0) + FILL(d_declined_by_user, 0) + FILL(d_declined_by_policy, 0) + FILL(d_busy, 0) + FILL(d_unavailable, 0) + FILL(d_failed, 0) + FILL(d_abandoned, 0) + FILL(d_unknown, 0)',
      },
    });
    const stats = metrics.filter((m) => m.MetricStat);
    expect(stats).toHaveLength(8);
    for (const m of stats) {
      expect(m.MetricStat).toMatchObject({
        Metric: {
          Namespace: 'Redial',
          MetricName: 'Dials',
          Dimensions: expect.arrayContaining([
            { Name: 'service', Value: 'redial' },
            { Name: 'Disposition', Value: expect.any(String) },
          ]),
        },
        Stat: 'Sum',
        Period: 3600,
      });
    }
  });

  it('fires on any message in either dead-letter queue', () => {
    for (const name of ['Redial-DialOutcomesDeadLetters', 'Redial-MissedCallsDeadLetters']) {
      expect(single(alarms[name])).toEqual({
        metric: 'AWS/SQS ApproximateNumberOfMessagesVisible',
        dimensions: ['QueueName'],
        statistic: 'Maximum',
        period: 300,
        threshold: 1,
        evaluationPeriods: 1,
        comparison: AT_LEAST,
      });
    }
    const queueNames = [
      alarms['Redial-DialOutcomesDeadLetters'],
      alarms['Redial-MissedCallsDeadLetters'],
    ].map((alarm) => alarm.Dimensions[0].Value['Fn::GetAtt'][0]);
    expect(queueNames).toEqual([
      expect.stringMatching(/^OutcomeRecorderDialOutcomesDeadLetters/),
      expect.stringMatching(/^MissedCallAlertsMissedCallsDeadLetters/),
    ]);
  });

  it('fires on a callback worker error, a signature-failure burst and a webhook 5xx', () => {
    expect(single(alarms['Redial-CallbackWorkerErrors'])).toEqual({
      metric: 'AWS/Lambda Errors',
      dimensions: ['FunctionName'],
      statistic: 'Sum',
      period: 300,
      threshold: 1,
      evaluationPeriods: 1,
      comparison: AT_LEAST,
    });
    expect(alarms['Redial-CallbackWorkerErrors'].Dimensions[0].Value.Ref).toMatch(
      /^OutboxAndCallbackWorkerHandler/,
    );
    expect(single(alarms['Redial-SignatureFailureBurst'])).toEqual({
      metric: 'Redial SignatureFailures',
      dimensions: ['service'],
      statistic: 'Sum',
      period: 300,
      threshold: 10,
      evaluationPeriods: 1,
      comparison: AT_LEAST,
    });
    expect(single(alarms['Redial-Webhook5xx'])).toEqual({
      metric: 'AWS/ApiGateway 5xx',
      dimensions: ['ApiId'],
      statistic: 'Sum',
      period: 300,
      threshold: 1,
      evaluationPeriods: 1,
      comparison: AT_LEAST,
    });
  });

  it('fires when a callback has been due 30 minutes without being placed', () => {
    expect(single(alarms['Redial-CallbackNotPlaced'])).toEqual({
      metric: 'Redial CallbackOldestDueAge',
      dimensions: ['service'],
      statistic: 'Maximum',
      period: 300,
      threshold: 1800,
      evaluationPeriods: 1,
      comparison: AT_LEAST,
    });
  });

  it('publish to an operations topic of their own, encrypted with a key CloudWatch may use', () => {
    const [keyId] = Object.keys(template.findResources('AWS::KMS::Key'));
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'Redial operations alarms',
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  it('leave the alert topic first in the template, where the local stack looks for it', () => {
    const topics = Object.values(template.findResources('AWS::SNS::Topic')) as Resource[];
    expect(topics.map((topic) => topic.Properties.DisplayName)).toEqual([
      'Redial missed calls',
      'Redial operations alarms',
    ]);
  });

  it('keep cdk-nag AwsSolutions at zero findings', () => {
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });
});

describe('operations config', () => {
  it('subscribes the operations endpoints to the operations topic, unfiltered', () => {
    const { stack } = synth((raw) => {
      raw.operations = {
        email: ['ops@example.com'],
        sms: ['+447700900199'],
        https: ['https://ops.example.com/alarms'],
      };
    });
    const template = Template.fromStack(stack);
    const [topic] = Object.keys(
      template.findResources('AWS::SNS::Topic', { Properties: { DisplayName: 'Redial operations alarms' } }),
    );
    for (const [protocol, endpoint] of [
      ['email', 'ops@example.com'],
      ['sms', '+447700900199'],
      ['https', 'https://ops.example.com/alarms'],
    ]) {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        TopicArn: { Ref: topic },
        Protocol: protocol,
        Endpoint: endpoint,
        FilterPolicy: Match.absent(),
      });
    }
  });

  it('raises an alarm at once on any 603 from an agent that always answers', () => {
    const { app, stack } = synth((raw) => {
      raw.agents[1].alwaysAnswers = true;
    });
    const alarms = alarmsOf(Template.fromStack(stack));
    expect(single(alarms['Redial-AutoAttendantDeclined'])).toEqual({
      metric: 'Redial AutoAttendantDeclines',
      dimensions: ['service'],
      statistic: 'Sum',
      period: 60,
      threshold: 1,
      evaluationPeriods: 1,
      comparison: AT_LEAST,
    });
    expect(alarms['Redial-AutoAttendantDeclined'].AlarmDescription).toContain('(bob)');
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });
});

describe('the operations dashboard', () => {
  const { stack } = synth();
  const template = Template.fromStack(stack);
  const dashboards = template.findResources('AWS::CloudWatch::Dashboard') as Record<string, Resource>;
  const [dashboard] = Object.values(dashboards);
  /** The dashboard body, with the tokens CloudFormation resolves (ARNs, names) left as placeholders. */
  const body = JSON.parse(
    (dashboard.Properties.DashboardBody['Fn::Join'][1] as unknown[])
      .map((part) => (typeof part === 'string' ? part : 'TOKEN'))
      .join(''),
  ) as { widgets: { type: string; properties: Record<string, any> }[] };
  const graphs = Object.fromEntries(
    body.widgets
      .filter((widget) => widget.type === 'metric' && widget.properties.title)
      .map((widget) => [widget.properties.title, widget.properties]),
  );

  it('is one dashboard named after the stack', () => {
    expect(Object.keys(dashboards)).toHaveLength(1);
    expect(dashboard.Properties.DashboardName).toBe('Redial-operations');
  });

  it('has these graphs, and the alarms’ states', () => {
    expect(Object.keys(graphs)).toEqual([
      "603s by a person, % of each agent's dials (hourly)",
      "603s by a PBX rule, % of each agent's dials (hourly)",
      'Calls by final disposition, per hour',
      'Dials by disposition, per hour',
      'Callback queue: due and not placed, oldest due age (open hours)',
      'Dead-letter queues: messages waiting',
      'Webhook latency (ms)',
      'Webhook errors: API 5xx, webhook Lambda errors, refused signatures',
      'Lambda errors',
      'Alerts sent, by kind, per hour',
    ]);
    const alarmWidget = body.widgets.find((widget) => widget.type === 'alarm');
    expect(alarmWidget?.properties.alarms).toHaveLength(7);
  });

  it("draws each agent's 603 rate by a person and by a rule with metric math", () => {
    const person = graphs["603s by a person, % of each agent's dials (hourly)"].metrics as unknown[][];
    const expressions = person.filter((line) => typeof (line[0] as any)?.expression === 'string');
    expect(expressions.map((line) => (line[0] as any).expression)).toEqual([
      '100 * FILL(declines0, 0) / dials0',
      '100 * FILL(declines1, 0) / dials1',
      '100 * FILL(declines2, 0) / dials2',
    ]);
    expect(expressions.map((line) => (line[0] as any).label)).toEqual([
      'Alice Moreau',
      'Bob Okafor',
      'Carol Nguyen',
    ]);
    expect(JSON.stringify(person)).toContain(
      '"Redial","Declines","Agent","alice","DeclineKind","user","service","redial"',
    );
    const rule = graphs["603s by a PBX rule, % of each agent's dials (hourly)"].metrics;
    expect(JSON.stringify(rule)).toContain('"DeclineKind","policy"');
  });

  it('graphs the callback queue, the dead letters, the webhook latency p99 and every function’s errors', () => {
    const text = (title: string) => JSON.stringify(graphs[title].metrics);
    expect(text('Callback queue: due and not placed, oldest due age (open hours)')).toMatch(
      /CallbackQueueDepth.*CallbackOldestDueAge/,
    );
    expect(
      text('Dead-letter queues: messages waiting').match(/ApproximateNumberOfMessagesVisible/g),
    ).toHaveLength(2);
    expect(text('Webhook latency (ms)')).toMatch(
      /"Redial","WebhookLatency".*"stat":"p99".*"AWS\/ApiGateway","Latency"/,
    );
    expect(text('Webhook errors: API 5xx, webhook Lambda errors, refused signatures')).toMatch(
      /"5xx".*"Errors".*SignatureFailures/,
    );
    expect(text('Lambda errors').match(/"Errors"/g)).toHaveLength(5);
  });
});
