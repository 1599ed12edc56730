import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

export interface TwilioCredentials {
  readonly accountSid: string;
  readonly authToken: string;
}

/**
 * The Twilio credentials from Secrets Manager (`secretId`: the secret's ARN or name), cached for
 * five minutes across invocations.
 */
export async function twilioCredentials(secretId: string): Promise<TwilioCredentials> {
  const secret = await getSecret<TwilioCredentials>(secretId, { transform: 'json', maxAge: 300 });
  if (!secret?.authToken) throw new Error('The Twilio credentials secret has no authToken');
  return secret;
}
