import { CfnOutput, Lazy, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { type CfnSecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * The secret's logical ID from when the webhook API owned it. A new ID would make CloudFormation
 * replace the secret and lose the auth token set by hand after the first deploy.
 */
const CREDENTIALS_LOGICAL_ID = 'WebhookApiTwilioCredentials9AEE4472';

const NO_WEBHOOK_API =
  'no public base URL: give publicBaseUrl (a custom domain) or call receiveWebhooksAt(api)';

export interface TwilioAccountProps {
  /** The origin Twilio calls, when it is a custom domain; else the webhook API's own endpoint. */
  readonly publicBaseUrl?: string;
}

/**
 * The Twilio account Redial answers and calls for: its credentials, kept in Secrets Manager (the
 * auth token is set after deploying), and the origin Twilio sends the account's webhooks to. The
 * webhook checks signatures with both, the callback worker places calls with both.
 */
export class TwilioAccount extends Construct {
  readonly credentials: Secret;
  /** The custom domain if one was given, else the endpoint of the API that receives the webhooks. */
  readonly publicBaseUrl: string;
  private webhookApi?: IHttpApi;

  constructor(scope: Construct, id: string, props: TwilioAccountProps = {}) {
    super(scope, id);
    this.credentials = new Secret(this, 'Credentials', {
      description: 'Redial: Twilio account SID and auth token (set authToken after deploying)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ accountSid: 'AC-set-me-after-deploy' }),
        generateStringKey: 'authToken',
        excludePunctuation: true,
      },
    });
    (this.credentials.node.defaultChild as CfnSecret).overrideLogicalId(CREDENTIALS_LOGICAL_ID);
    Validations.of(this.credentials).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'A Twilio auth token is rotated in the Twilio console, not by a Lambda; see README.',
    });
    // The API that receives the webhooks is made after the account (its function needs the account),
    // so its endpoint is read when the template is written, not now.
    this.publicBaseUrl =
      props.publicBaseUrl ??
      Lazy.string({
        produce: () => {
          if (!this.webhookApi) throw new Error(`${this.node.path}: ${NO_WEBHOOK_API}`);
          return this.webhookApi.apiEndpoint;
        },
      });
    this.node.addValidation({
      validate: () => (props.publicBaseUrl || this.webhookApi ? [] : [NO_WEBHOOK_API]),
    });
    new CfnOutput(Stack.of(this), 'TwilioCredentialsSecret', { value: this.credentials.secretName });
  }

  /** Twilio sends the account's webhooks to this API: its endpoint is the base URL, unless a custom domain is set. */
  receiveWebhooksAt(api: IHttpApi): void {
    if (this.webhookApi)
      throw new Error(`${this.node.path} already receives its webhooks at ${this.webhookApi.node.path}`);
    this.webhookApi = api;
  }
}
