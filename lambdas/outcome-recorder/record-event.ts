import { getItem, putIfAbsent, setIfAbsent, setIfNotNewer, setMapEntry } from '../aws/call-table';
import { sendEvents } from '../aws/event-publisher';
import { logger } from '../aws/observability';
import { callNote, callSummaryValues, dialLegItem, legPosition, legSummary } from '../domain/call-records';
import {
  automaticCallback,
  type CallbackRequest,
  callbackItem,
  requestedCallback,
} from '../domain/callbacks';
import type { RedialConfig } from '../domain/config';
import {
  type CallbackRequestedEvent,
  type DialOutcomeEvent,
  type MissedCallNotice,
  missedCallNotice as noticeSchema,
  type RedialEvent,
  type VoicemailRecordedEvent,
  type VoicemailTranscribedEvent,
} from '../domain/events';

type CallNote = CallbackRequestedEvent | VoicemailRecordedEvent | VoicemailTranscribedEvent;

import { missedCallNotice, noticeForDial } from '../domain/missed-calls';
import { callbackKey, callKey, customerCallbackKey, expiresAt } from '../domain/table-layout';
import { cancelCallbackOf, recordCallbackAttempt } from './callback-progress';

/**
 * Applies one event to the table. Every write is conditional or idempotent, so a redelivered or
 * replayed event changes nothing; the missed-call notice is sent again on a replay (the alerter
 * drops repeats), so a crash after the writes but before the send still alerts.
 */
export class EventRecorder {
  constructor(
    private readonly config: RedialConfig,
    private readonly missedCallsQueueUrl: string,
  ) {}

  async record(event: RedialEvent): Promise<void> {
    switch (event.type) {
      case 'dial-outcome':
        return this.recordDial(event);
      case 'callback-requested':
        return this.recordCallbackRequest(event);
      case 'voicemail-recorded':
        return this.recordVoicemail(event);
      case 'voicemail-transcribed':
        return this.note(event);
      case 'callback-attempt':
        return recordCallbackAttempt(event, this.config, (notice) => this.notify(notice));
    }
  }

  private async ensureCall(callSid: string, facts: { from?: string; to?: string; occurredAt: string }) {
    await setIfAbsent(callKey(callSid), {
      kind: 'call',
      callSid,
      from: facts.from,
      to: facts.to,
      startedAt: facts.occurredAt,
      updatedAt: facts.occurredAt,
      legs: {},
      expiresAt: expiresAt(new Date(facts.occurredAt), this.config.retentionDays),
    });
  }

  private async recordDial(event: DialOutcomeEvent): Promise<void> {
    const fresh = await putIfAbsent(dialLegItem(event, this.config.retentionDays));
    await this.ensureCall(event.callSid, event);
    await setMapEntry(callKey(event.callSid), 'legs', legPosition(event), legSummary(event));
    await setIfNotNewer(
      callKey(event.callSid),
      callSummaryValues(event, this.config.retentionDays),
      'latestPosition',
    );
    if (event.disposition === 'answered') await cancelCallbackOf(event.from, event.callSid);
    const automatic = automaticCallback(event, this.config);
    const callback = automatic ? await this.book(automatic) : undefined;
    await this.notify(noticeForDial(event, callback));
    logger.info(fresh ? 'Recorded dial outcome' : 'Dial outcome already recorded', {
      idempotencyKey: event.idempotencyKey,
      disposition: event.disposition,
      callbackDueAt: callback?.dueAt,
    });
  }

  /** Books the call's one callback; a second request for the same call only marks who asked. */
  private async book(request: CallbackRequest): Promise<MissedCallNotice['callback']> {
    const item = callbackItem(request, this.config);
    const fresh = await putIfAbsent(item);
    if (!fresh && request.requestedBy === 'caller') {
      await setIfAbsent(callbackKey(request.callSid), {
        requestedByCallerAt: request.requestedAt.toISOString(),
      });
    }
    // Only a callback booked earlier needs reading back: its state and due time may have moved on.
    const stored = fresh ? item : ((await getItem(callbackKey(request.callSid))) ?? item);
    await setIfAbsent(callKey(request.callSid), { callbackId: request.callSid });
    // The customer's latest callback, so a later call of theirs that gets through can cancel it.
    await setIfNotNewer(
      customerCallbackKey(request.customer),
      { callbackId: request.callSid, bookedAt: item.requestedAt },
      'bookedAt',
    );
    return { state: String(stored.state), dueAt: String(stored.dueAt) };
  }

  private async recordCallbackRequest(event: CallbackRequestedEvent): Promise<void> {
    await this.ensureCall(event.callSid, event);
    await this.note(event);
    const callback = await this.book(requestedCallback(event));
    await this.notify(await this.noticeFor(event, 'callback-requested', { callback }));
  }

  private async recordVoicemail(event: VoicemailRecordedEvent): Promise<void> {
    await this.ensureCall(event.callSid, event);
    await this.note(event);
    const stored = await getItem(callbackKey(event.callSid));
    const callback = stored ? { state: String(stored.state), dueAt: String(stored.dueAt) } : undefined;
    await this.notify(
      await this.noticeFor(event, 'voicemail-left', { voicemailUrl: event.recordingUrl, callback }),
    );
  }

  private async note(event: CallNote): Promise<void> {
    const { attribute, value } = callNote(event);
    await setIfAbsent(callKey(event.callSid), { [attribute]: value });
    logger.info(`Recorded ${event.type}`, { idempotencyKey: event.idempotencyKey });
  }

  /**
   * A notice for a call that reached voicemail or asked for a callback: for the agent whose dial
   * led there, else the first agent of the number's hunt list (after hours nobody was dialled).
   */
  private async noticeFor(
    event: CallbackRequestedEvent | VoicemailRecordedEvent,
    trigger: MissedCallNotice['trigger'],
    extra: Pick<MissedCallNotice, 'voicemailUrl' | 'callback'>,
  ): Promise<MissedCallNotice> {
    const summary = (await getItem(callKey(event.callSid))) ?? {};
    const to = event.to ?? String(summary.to);
    const lineOwner = this.config.numbers.find((line) => line.number === to)?.huntList[0];
    const agentId =
      ('agentId' in event ? event.agentId : undefined) ?? (summary.agentId as string) ?? lineOwner;
    const disposition = (summary.disposition as MissedCallNotice['disposition']) ?? 'after-hours';
    if (summary.disposition === undefined) await setIfAbsent(callKey(event.callSid), { disposition });
    return missedCallNotice({
      callSid: event.callSid,
      from: event.from ?? String(summary.from),
      to,
      agentId: agentId ?? 'unassigned',
      disposition,
      trigger,
      sipResponseCode: summary.sipResponseCode as number | undefined,
      occurredAt: event.occurredAt,
      ...extra,
    });
  }

  private async notify(notice: MissedCallNotice | undefined): Promise<void> {
    if (notice) await sendEvents(this.missedCallsQueueUrl, [notice], noticeSchema);
  }
}
