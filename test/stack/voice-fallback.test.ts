import { Match, Template } from 'aws-cdk-lib/assertions';
import { FALLBACK_ROUTE } from '../../lambdas/domain/voice-routes';
import { functionGrants } from './function-grants';
import { synthStack } from './synth-stack';

/**
 * The number's Voice Fallback URL: a route of the same API, its own function with no grant on the
 * table, the queues or the secret (least-privilege.test.ts pins its grants to nothing but logs and
 * traces), and an output saying where in Twilio's console it goes.
 */
describe('the voice fallback', () => {
  const { stack } = synthStack();
  const template = Template.fromStack(stack);
  const fallbackId = stack.getLogicalId(stack.fallback.handler.node.defaultChild as never);

  it('is served at POST /voice/fallback by its own function, not the webhook', () => {
    const [integration] = Object.entries(
      template.findResources('AWS::ApiGatewayV2::Integration', {
        Properties: { IntegrationUri: { 'Fn::GetAtt': [fallbackId, 'Arn'] } },
      }),
    );
    expect(integration).toBeDefined();
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: `POST ${FALLBACK_ROUTE}`,
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: integration[0] }]] },
    });
  });

  it('touches no table, queue or secret: its grants are logs and traces only', () => {
    const grants = functionGrants(stack, template, stack.fallback.handler);
    expect(grants.filter((grant) => /dynamodb|sqs|sns|secretsmanager|kms/.test(grant))).toEqual([]);
    const variables = template.toJSON().Resources[fallbackId].Properties.Environment.Variables;
    expect(Object.keys(variables).sort()).toEqual([
      'NODE_OPTIONS',
      'POWERTOOLS_METRICS_NAMESPACE',
      'POWERTOOLS_SERVICE_NAME',
      'PUBLIC_BASE_URL',
    ]);
  });

  it("outputs its URL, saying to paste it into the number's 'Primary handler fails'", () => {
    template.hasOutput('VoiceFallbackUrl', {
      Description: Match.stringLikeRegexp("'Primary handler fails'"),
      Value: Match.anyValue(),
    });
    const { Value } = template.findOutputs('VoiceFallbackUrl').VoiceFallbackUrl;
    expect(JSON.stringify(Value)).toContain(FALLBACK_ROUTE);
  });
});
