import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { bundledConfig } from '../aws/bundled-config';
import { callTable } from '../aws/call-table';
import { DynamoStore } from '../aws/dynamo-store';
import { deliverEvents } from '../aws/event-delivery';
import { publishMetrics, webhookMetrics } from '../aws/metrics';
import { logger } from '../aws/observability';
import { twilioCredentials } from '../aws/twilio-credentials';
import { checkEvents } from '../domain/events';
import {
  BadRequestError,
  bodyBytes,
  hasValidSignature,
  MAX_BODY_BYTES,
  readTwilioRequest,
  TWILIO_API_HOST,
  type TwilioRequest,
  withoutForeignUrls,
} from '../domain/twilio-request';
import type { VoiceRoute } from '../domain/voice-routes';
import { readEnvironment } from '../environment/read-environment';
import { TWILIO_API_OVERRIDE } from '../environment/twilio-account';
import { WEBHOOK_ENVIRONMENT } from './environment';
import { VOICE_HANDLERS } from './routes';

const config = bundledConfig();
const env = readEnvironment(WEBHOOK_ENVIRONMENT, TWILIO_API_OVERRIDE);
const publicBaseUrl = env.PUBLIC_BASE_URL;
/** Where Twilio's recording URLs may point: its API, and the emulator's host when one stands in. */
const twilioHosts = [
  TWILIO_API_HOST,
  ...(env.TWILIO_API_BASE_URL ? [new URL(env.TWILIO_API_BASE_URL).hostname] : []),
];
/** Only the outbox: the webhook never reads or changes calls. */
const outbox = new DynamoStore(callTable, env.CALL_TABLE_NAME, config.retentionDays);

const plain = (statusCode: number, body: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body,
});

/** Every request Twilio makes, timed; a refused signature counted (a burst is an alarm). */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const started = performance.now();
  const response = await answerTwilio(event);
  publishMetrics(
    webhookMetrics({
      latencyMs: Math.round(performance.now() - started),
      signatureRefused: response === SIGNATURE_REFUSED,
    }),
  );
  return response;
};

const SIGNATURE_REFUSED = plain(403, 'Invalid X-Twilio-Signature');

/**
 * Times are taken from when API Gateway received Twilio's request (`requestContext.timeEpoch`):
 * a ring time measured between two requests then leaves out a cold start or a throttled wait
 * on either side of it.
 */
async function answerTwilio(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  // Own keys only: a path such as `toString` must not find Object.prototype's.
  const answer = Object.hasOwn(VOICE_HANDLERS, event.rawPath)
    ? VOICE_HANDLERS[event.rawPath as VoiceRoute]
    : undefined;
  if (!answer || event.requestContext.http.method !== 'POST') return plain(404, 'Not found');
  // Before decoding, parsing or checking the signature: an oversized body costs nothing more.
  if (bodyBytes(event) > MAX_BODY_BYTES) {
    return plain(413, `Request body over ${MAX_BODY_BYTES} bytes; Twilio's webhooks are a few KB`);
  }
  let signed: TwilioRequest;
  try {
    signed = readTwilioRequest(event, publicBaseUrl);
  } catch (error) {
    if (error instanceof BadRequestError) return plain(400, error.message);
    throw error;
  }
  const { authToken } = await twilioCredentials(env.TWILIO_CREDENTIALS_SECRET);
  if (!hasValidSignature(signed, authToken)) {
    logger.warn('Rejected a request without a valid X-Twilio-Signature', {
      path: signed.path,
      url: signed.url,
    });
    return SIGNATURE_REFUSED;
  }
  const { request, dropped } = withoutForeignUrls(signed, twilioHosts);
  if (dropped.length > 0) logger.warn("Dropped URLs that are not Twilio's", { path: request.path, dropped });
  const now = new Date(event.requestContext.timeEpoch);
  const { twiml, events: answered } = answer(request, { config, publicBaseUrl, now });
  // A signed request Twilio would never send (no CallSid, a negative hunt position…) still gets
  // its TwiML, but its events stop here: past this point they would poison the queue or the outbox.
  const { valid: events, invalid } = checkEvents(answered);
  if (invalid.length > 0) {
    logger.error('Dropped events that do not match their schema', { path: request.path, dropped: invalid });
  }
  const delivery = await deliverEvents(env.DIAL_OUTCOMES_QUEUE_URL, outbox, events, now);
  logger.info('Answered Twilio', {
    path: request.path,
    callSid: request.params.CallSid,
    idempotencyToken: request.idempotencyToken,
    events: events.map((e) => ({
      type: e.type,
      key: e.idempotencyKey,
      ...('disposition' in e ? { disposition: e.disposition } : {}),
    })),
    delivery,
  });
  return { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: twiml };
}
