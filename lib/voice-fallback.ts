import { CfnOutput, Duration } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import type { RedialConfig } from '../lambdas/domain/config';
import { FALLBACK_ROUTE } from '../lambdas/domain/voice-routes';
import { VOICE_FALLBACK_ENVIRONMENT } from '../lambdas/voice-fallback/environment';
import { RedialFunction } from './redial-function';
import type { TwilioAccount } from './twilio-account';

export interface VoiceFallbackProps {
  readonly config: RedialConfig;
  /** The webhook API: the fallback is one more route on it, so it shares its base URL. */
  readonly api: HttpApi;
  readonly twilioAccount: TwilioAccount;
}

/**
 * The number's Voice Fallback URL and its own function, which Twilio calls when a webhook fails.
 * Its function is granted nothing (no secret, queue or table: it must keep answering when those
 * are what failed) and knows only the base URL, for the TwiML's URLs; the message it takes is
 * stored by the main path, through the recording status callback (lambdas/domain/voice-fallback.ts).
 */
export class VoiceFallback extends Construct {
  readonly handler: RedialFunction<typeof VOICE_FALLBACK_ENVIRONMENT>;

  constructor(scope: Construct, id: string, props: VoiceFallbackProps) {
    super(scope, id);
    const account = props.twilioAccount;
    this.handler = new RedialFunction(this, 'Handler', {
      handlerFolder: 'voice-fallback',
      description: "Twilio's Voice Fallback URL: an apology and a voicemail when the webhook fails",
      config: props.config,
      // It only builds TwiML; short, so a hung run ends well inside Twilio's 15 s.
      timeout: Duration.seconds(5),
      memorySize: 256,
      declaredEnvironment: VOICE_FALLBACK_ENVIRONMENT,
    });
    this.handler.usePublicBaseUrl(account);
    props.api.addRoutes({
      path: FALLBACK_ROUTE,
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('VoiceFallback', this.handler),
    });

    new CfnOutput(scope, 'VoiceFallbackUrl', {
      description:
        "Paste into the Twilio number's 'Primary handler fails' (HTTP POST), under 'A call comes in': callers reach a voicemail when the webhook fails",
      value: `${account.publicBaseUrl}${FALLBACK_ROUTE}`,
    });
  }
}
