import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RedialConfig } from '../lambdas/domain/config';
import { VOICE_ROUTES } from '../lambdas/domain/voice-routes';
import { WEBHOOK_ENVIRONMENT } from '../lambdas/webhook/environment';
import { RedialFunction } from './redial-function';
import type { TwilioAccount } from './twilio-account';

export interface WebhookApiProps {
  readonly config: RedialConfig;
  readonly dialOutcomes: Queue;
  /** The call table, for its outbox: where events go when SQS refuses them. */
  readonly callTable: ITableV2;
  /** Whose webhooks the API receives: their signatures are checked with its auth token. */
  readonly twilioAccount: TwilioAccount;
}

/**
 * The HTTP API Twilio calls (HTTP API: a third of REST API's price and latency, and Twilio's
 * signature is our authoriser, so REST API's extras buy nothing here), and the webhook Lambda.
 */
export class WebhookApi extends Construct {
  readonly api: HttpApi;
  readonly handler: RedialFunction<typeof WEBHOOK_ENVIRONMENT>;

  constructor(scope: Construct, id: string, props: WebhookApiProps) {
    super(scope, id);
    const account = props.twilioAccount;
    this.api = new HttpApi(this, 'Api', { createDefaultStage: false, description: 'Redial Twilio webhooks' });
    account.receiveWebhooksAt(this.api);
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      // From the config (api.throttle); lambdas/domain/config.ts says how its default is sized.
      throttle: props.config.api.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });

    this.handler = new RedialFunction(this, 'Handler', {
      handlerFolder: 'webhook',
      description: 'Answers Twilio voice webhooks with TwiML and publishes dial outcomes',
      config: props.config,
      // Twilio waits 15 s for TwiML; we answer well inside it even when SQS is slow.
      timeout: Duration.seconds(12),
      declaredEnvironment: WEBHOOK_ENVIRONMENT,
    });
    this.handler.useQueue(props.dialOutcomes, 'DIAL_OUTCOMES_QUEUE_URL');
    this.handler.useTwilioAccount(account);
    // Only conditional puts of outbox items, on the table alone: the webhook never reads or changes calls.
    this.handler.useTable(props.callTable, 'CALL_TABLE_NAME', { items: ['PutItem'] });

    const integration = new HttpLambdaIntegration('Webhook', this.handler);
    for (const path of Object.values(VOICE_ROUTES)) {
      this.api.addRoutes({ path, methods: [HttpMethod.POST], integration });
    }
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'Twilio cannot send AWS credentials or tokens; every route checks X-Twilio-Signature.',
    });

    new CfnOutput(scope, 'VoiceWebhookUrl', {
      description: "Paste into the Twilio number's 'A call comes in' (HTTP POST)",
      value: `${account.publicBaseUrl}${VOICE_ROUTES.incoming}`,
    });
    new CfnOutput(scope, 'CallStatusWebhookUrl', {
      description:
        "Paste into the Twilio number's 'Call status changes' (HTTP POST): how and when each call ended",
      value: `${account.publicBaseUrl}${VOICE_ROUTES.callStatus}`,
    });
  }
}
