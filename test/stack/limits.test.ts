import { Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_API_THROTTLE } from '../../lambdas/domain/config';
import { synthChangedConfig, synthStack } from './synth-stack';

type Resource = { Type: string; Properties: Record<string, any> };

/** The logical ID a property points at: a Ref or a GetAtt. */
const target = (value: Record<string, any>): string => value.Ref ?? value['Fn::GetAtt'][0];

describe('limits and settings', () => {
  const { stack } = synthStack();
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  it("gives each queue a visibility timeout of at least six times its consumer's timeout (AWS's advice for Lambda)", () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(2);
    for (const [, { Properties: mapping }] of mappings) {
      const queue = resources[target(mapping.EventSourceArn)].Properties;
      const consumer = resources[target(mapping.FunctionName)].Properties;
      // A batching window adds to how long a message may sit with the poller before the function has it.
      const window = mapping.MaximumBatchingWindowInSeconds ?? 0;
      expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * consumer.Timeout + window);
    }
  });

  it('reserves one concurrent run for the callback worker, and none for the others', () => {
    const reserved = ofType('AWS::Lambda::Function')
      .filter(([, r]) => r.Properties.ReservedConcurrentExecutions !== undefined)
      .map(([id, r]) => [id, r.Properties.ReservedConcurrentExecutions]);
    expect(reserved).toEqual([[stack.resolve(stack.worker.handler.functionName).Ref, 1]]);
  });

  it('gives every function its own log group, and every log group a retention', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    for (const [, group] of groups) expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
    const groupIds = new Set(groups.map(([id]) => id));
    const functions = ofType('AWS::Lambda::Function');
    expect(functions).toHaveLength(5);
    for (const [, fn] of functions) expect(groupIds).toContain(target(fn.Properties.LoggingConfig.LogGroup));
  });

  it('throttles the API by the default when the config says nothing', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: {
        ThrottlingRateLimit: DEFAULT_API_THROTTLE.rateLimit,
        ThrottlingBurstLimit: DEFAULT_API_THROTTLE.burstLimit,
      },
    });
  });
});

describe('API throttling from the config', () => {
  it("sets the stage's rate and burst", () => {
    const { stack } = synthChangedConfig((raw) => {
      raw.api = { throttle: { rateLimit: 20, burstLimit: 40 } };
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });

  it('fails synth naming each bad field', () => {
    const bad = (raw: Record<string, any>) => {
      raw.api = { throttle: { rateLimit: 0, burstLimit: 'lots' } };
    };
    expect(() => synthChangedConfig(bad)).toThrow(
      /api\.throttle\.rateLimit: must be a whole number of requests a second from 1 to 300\n.*api\.throttle\.burstLimit: must be a whole number of requests from 1 to 5000/,
    );
  });
});
