import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { bundledConfig } from '../aws/bundled-config';
import { logger } from '../aws/observability';
import { BadRequestError, bodyBytes, MAX_BODY_BYTES, readTwilioRequest } from '../domain/twilio-request';
import { answerFallback } from '../domain/voice-fallback';
import { readEnvironment } from '../environment/read-environment';
import { VOICE_FALLBACK_ENVIRONMENT } from './environment';

const config = bundledConfig();
const { PUBLIC_BASE_URL: publicBaseUrl } = readEnvironment(VOICE_FALLBACK_ENVIRONMENT);

/** Unverified text goes to the log only, and only this much of it. */
const LOGGED_CHARS = 200;
const clip = (value: string | undefined) => value?.slice(0, LOGGED_CHARS);

const plain = (statusCode: number, body: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body,
});

/**
 * `POST /voice/fallback`, the number's Voice Fallback URL: the caller's way to a voicemail when
 * the webhook failed. No signature check (no secret here) and no side effect but a log line; the
 * answer is lambdas/domain/voice-fallback.ts's.
 */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  if (bodyBytes(event) > MAX_BODY_BYTES) {
    return plain(413, `Request body over ${MAX_BODY_BYTES} bytes; Twilio's webhooks are a few KB`);
  }
  let request: ReturnType<typeof readTwilioRequest>;
  try {
    request = readTwilioRequest(event, publicBaseUrl);
  } catch (error) {
    if (error instanceof BadRequestError) return plain(400, error.message);
    throw error;
  }
  const { params } = request;
  // What failed (Twilio's ErrorCode and ErrorUrl), for whoever reads the logs; numbers are masked.
  // A warning: the caller is served, but a webhook of Redial's failed them.
  logger.warn('The fallback answered Twilio', {
    callSid: clip(params.CallSid),
    errorCode: clip(params.ErrorCode),
    errorUrl: clip(params.ErrorUrl),
    step: clip(request.query.get('step') ?? undefined),
  });
  const twiml = answerFallback(params, request.query, { config, publicBaseUrl });
  return { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: twiml };
};
