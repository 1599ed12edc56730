import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { bundledConfig } from '../aws/bundled-config';
import { sendEvents } from '../aws/event-publisher';
import { logger } from '../aws/observability';
import { requiredEnv } from '../aws/required-env';
import { twilioCredentials } from '../aws/twilio-credentials';
import {
  answerDialStatus,
  answerIncomingCall,
  answerVoicemail,
  type CallFlowAnswer,
  type CallFlowContext,
} from '../domain/call-flow';
import { redialEvent } from '../domain/events';
import {
  BadRequestError,
  hasValidSignature,
  readTwilioRequest,
  type TwilioRequest,
} from '../domain/twilio-request';
import { VOICE_ROUTES, type VoiceRoute } from '../domain/voice-routes';

type RouteHandler = (request: TwilioRequest, context: CallFlowContext) => CallFlowAnswer;

const ROUTES: Record<VoiceRoute, RouteHandler> = {
  [VOICE_ROUTES.incoming]: answerIncomingCall,
  [VOICE_ROUTES.dialStatus]: answerDialStatus,
  [VOICE_ROUTES.voicemail]: answerVoicemail,
};

const config = bundledConfig();
const publicBaseUrl = requiredEnv('PUBLIC_BASE_URL');
const dialOutcomesQueueUrl = requiredEnv('DIAL_OUTCOMES_QUEUE_URL');

const plain = (statusCode: number, body: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body,
});

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const route = ROUTES[event.rawPath as VoiceRoute];
  if (!route || event.requestContext.http.method !== 'POST') return plain(404, 'Not found');
  let request: TwilioRequest;
  try {
    request = readTwilioRequest(event, publicBaseUrl);
  } catch (error) {
    if (error instanceof BadRequestError) return plain(400, error.message);
    throw error;
  }
  const { authToken } = await twilioCredentials();
  if (!hasValidSignature(request, authToken)) {
    logger.warn('Rejected a request without a valid X-Twilio-Signature', {
      path: request.path,
      url: request.url,
    });
    return plain(403, 'Invalid X-Twilio-Signature');
  }
  const answer = route(request, { config, publicBaseUrl, now: new Date() });
  await sendEvents(dialOutcomesQueueUrl, answer.events, redialEvent);
  for (const outcome of answer.events) logger.info('Dial outcome', { outcome });
  return { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: answer.twiml };
};
