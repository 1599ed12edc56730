import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { requiredEnv } from './required-env';

export interface TwilioCredentials {
  readonly accountSid: string;
  readonly authToken: string;
}

/** The Twilio credentials from Secrets Manager, cached for five minutes across invocations. */
export async function twilioCredentials(): Promise<TwilioCredentials> {
  const secret = await getSecret<TwilioCredentials>(requiredEnv('TWILIO_CREDENTIALS_SECRET'), {
    transform: 'json',
    maxAge: 300,
  });
  if (!secret?.authToken) throw new Error('The Twilio credentials secret has no authToken');
  return secret;
}
