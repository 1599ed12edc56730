/**
 * The account-history emulator's resources in Twilio's JSON, field for field as the public OpenAPI
 * specs in twilio/twilio-oai (spec/json, read at d50069b, April 2026) define them:
 * - twilio_monitor_v1.json, `monitor.v1.alert` (the list's items): account_sid, alert_text,
 *   api_version, date_created, date_generated, date_updated (ISO 8601), error_code (a string),
 *   log_level, more_info, request_method, request_url, resource_sid, service_sid, sid, url.
 *   The list omits request_variables, response_body and the headers, which only a fetch has.
 * - twilio_api_v2010.json, `api.v2010.account.call`: sid, parent_call_sid, account_sid, to(_formatted),
 *   from(_formatted), phone_number_sid, status, start_time, end_time, date_created, date_updated
 *   (RFC 2822), duration (a string of seconds), direction, answered_by, queue_time, uri, ….
 * - twilio_api_v2010.json, `api.v2010.account.incoming_phone_number`: phone_number, sid,
 *   friendly_name, voice_url, voice_method, voice_fallback_url, voice_fallback_method,
 *   status_callback, status_callback_method, capabilities, status, ….
 * - twilio_insights_v1.json, `insights.v1.call.summary`: call_sid, call_type, call_state,
 *   processing_state, answered_by, created_time, start_time, end_time (ISO 8601), duration,
 *   connect_duration (integers), from, to, properties, carrier_edge, sip_edge, … The spec leaves
 *   the nested objects untyped; their keys (properties.last_sip_response_num, disconnected_by,
 *   pdd_ms, direction; edge `metrics.inbound/outbound`) are from Twilio's "Details: Call Summary"
 *   page (twilio.com/docs/voice/voice-insights/api/call/details-call-summary).
 */
import type {
  HistoryAlert,
  HistoryApplication,
  HistoryCall,
  HistoryNumber,
  HistorySummary,
} from './account-history';
import { rfc2822 } from './twilio-ids';
import { API_VERSION, callJson } from './twilio-rest-resources';

export const MONITOR_ORIGIN = 'https://monitor.twilio.com';
export const INSIGHTS_ORIGIN = 'https://insights.twilio.com';

/** ISO 8601 to the second, as the v1 APIs write it ("2015-07-30T20:00:00Z"). */
export function iso8601(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Monitor stamps `date_created` after `date_generated` "due to buffering"; a second stands for that. */
const MONITOR_BUFFERING_MS = 1000;

export function alertResource(alert: HistoryAlert, accountSid: string) {
  const created = iso8601(new Date(alert.dateGenerated.getTime() + MONITOR_BUFFERING_MS));
  return {
    account_sid: accountSid,
    alert_text: alert.alertText,
    api_version: API_VERSION,
    date_created: created,
    date_generated: iso8601(alert.dateGenerated),
    date_updated: created,
    error_code: alert.errorCode,
    log_level: alert.logLevel,
    more_info: `https://www.twilio.com/docs/errors/${alert.errorCode}`,
    request_method: alert.requestMethod ?? null,
    request_url: alert.requestUrl ?? null,
    resource_sid: alert.resourceSid,
    sid: alert.sid,
    url: `${MONITOR_ORIGIN}/v1/Alerts/${alert.sid}`,
    service_sid: alert.serviceSid ?? null,
  };
}

/** The 2010 Call resource of a call in the history (the REST emulator's `callResource` is for calls it places). */
export function historyCallResource(call: HistoryCall, accountSid: string) {
  return callJson(
    {
      sid: call.sid,
      parentCallSid: call.parentCallSid ?? null,
      to: call.to,
      from: call.from,
      phoneNumberSid: call.phoneNumberSid ?? null,
      status: call.status,
      direction: call.direction,
      dateCreated: call.startTime,
      dateUpdated: call.endTime ?? call.startTime,
      startTime: call.startTime,
      endTime: call.endTime ?? null,
      duration: callDuration(call),
      answeredBy: call.answeredBy ?? null,
    },
    accountSid,
  );
}

function callDuration(call: HistoryCall): number {
  if (call.duration !== undefined) return call.duration;
  if (!call.endTime) return 0;
  return Math.round((call.endTime.getTime() - call.startTime.getTime()) / 1000);
}

export function summaryResource(summary: HistorySummary, accountSid: string) {
  return {
    account_sid: accountSid,
    call_sid: summary.callSid,
    call_type: summary.callType,
    call_state: summary.callState,
    answered_by: summary.answeredBy ?? 'unknown',
    processing_state: summary.processingState ?? 'complete',
    created_time: iso8601(summary.endTime),
    start_time: iso8601(summary.startTime),
    end_time: iso8601(summary.endTime),
    duration: summary.duration,
    connect_duration: summary.connectDuration,
    from: summary.from,
    to: summary.to,
    carrier_edge: summary.carrierEdge ?? null,
    client_edge: null,
    sdk_edge: null,
    sip_edge: summary.sipEdge ?? null,
    tags: summary.tags ?? [],
    url: `${INSIGHTS_ORIGIN}/v1/Voice/${summary.callSid}/Summary`,
    attributes: summary.attributes ?? {},
    properties: summary.properties,
    trust: null,
    annotation: null,
  };
}

const NUMBER_CREATED = new Date('2024-01-02T03:04:05Z');

/** The 2010 Application resource (twilio-oai's api.v2010.account.application). */
export function applicationResource(application: HistoryApplication, accountSid: string) {
  const created = rfc2822(NUMBER_CREATED);
  return {
    account_sid: accountSid,
    api_version: API_VERSION,
    date_created: created,
    date_updated: created,
    friendly_name: application.friendlyName ?? application.sid,
    message_status_callback: null,
    sid: application.sid,
    sms_fallback_method: 'POST',
    sms_fallback_url: null,
    sms_method: 'POST',
    sms_status_callback: null,
    sms_url: null,
    status_callback: application.statusCallback ?? null,
    status_callback_method: 'POST',
    uri: `/${API_VERSION}/Accounts/${accountSid}/Applications/${application.sid}.json`,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: application.voiceFallbackUrl ?? null,
    voice_method: application.voiceMethod ?? 'POST',
    voice_url: application.voiceUrl,
    public_application_connect_enabled: true,
  };
}

/**
 * Unset values as the spec's example writes them: `voice_url` and `voice_fallback_url` null,
 * `status_callback` and the SMS URLs "" — so a reader must take both null and "" as absent.
 */
export function numberResource(number: HistoryNumber, accountSid: string) {
  const created = rfc2822(number.dateCreated ?? NUMBER_CREATED);
  return {
    account_sid: accountSid,
    address_sid: null,
    address_requirements: 'none',
    api_version: API_VERSION,
    beta: false,
    capabilities: { voice: true, sms: true, mms: false, fax: false },
    date_created: created,
    date_updated: created,
    friendly_name: number.friendlyName ?? number.phoneNumber,
    identity_sid: null,
    phone_number: number.phoneNumber,
    origin: 'twilio',
    sid: number.sid,
    sms_application_sid: '',
    sms_fallback_method: 'POST',
    sms_fallback_url: '',
    sms_method: 'POST',
    sms_url: '',
    status_callback: number.statusCallback ?? '',
    status_callback_method: number.statusCallbackMethod ?? 'POST',
    trunk_sid: number.trunkSid ?? null,
    uri: `/${API_VERSION}/Accounts/${accountSid}/IncomingPhoneNumbers/${number.sid}.json`,
    voice_receive_mode: 'voice',
    voice_application_sid: number.voiceApplicationSid ?? '',
    voice_caller_id_lookup: false,
    voice_fallback_method: number.voiceFallbackMethod ?? 'POST',
    voice_fallback_url: number.voiceFallbackUrl ?? null,
    voice_method: number.voiceMethod ?? 'POST',
    voice_url: number.voiceUrl,
    emergency_status: 'Inactive',
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    bundle_sid: null,
    status: 'in-use',
    type: 'local',
  };
}
