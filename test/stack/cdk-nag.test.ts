import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { synthStack } from './synth-stack';

const EXECUTION_ROLE = [
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
  'AwsSolutions-IAM5[Resource::*]',
];

/** Every acknowledged finding, on the resource it is about: nothing stack-wide. */
const ACKNOWLEDGED = [
  ...[
    'WebhookApi',
    'OutcomeRecorder',
    'MissedCallAlerts',
    'OutboxAndCallbackWorker',
    'VoiceFallback',
  ].flatMap((construct) => EXECUTION_ROLE.map((rule) => `Redial/${construct}/Handler/ServiceRole ${rule}`)),
  'Redial/SchedulerRoleForTarget-4696cd AwsSolutions-IAM5[Resource::<OutboxAndCallbackWorkerHandler357FA83D.Arn>:*]',
  'Redial/TwilioAccount/Credentials AwsSolutions-SMG4',
  'Redial/WebhookApi/Api AwsSolutions-APIG4',
];

describe("cdk-nag's AwsSolutions checks", () => {
  const { app } = synthStack();

  it('find nothing unacknowledged', () => {
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });

  it('are acknowledged only where listed, each with its reason', () => {
    const acknowledged = app.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
        .map(([rule, reason]) => {
          expect(reason).toMatch(/\w+ \w+ \w+/);
          return `${construct.node.path} ${rule.replace(/^Annotation::/, '')}`;
        }),
    );
    expect(acknowledged.sort()).toEqual([...ACKNOWLEDGED].sort());
  });
});
