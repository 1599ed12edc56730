import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { RedialConfig } from '../lambdas/domain/config';
import { CallTable } from './call-table';
import { MissedCallAlerts } from './missed-call-alerts';
import { OperationsAlarms } from './operations-alarms';
import { OperationsDashboard } from './operations-dashboard';
import { OutboxAndCallbackWorker } from './outbox-and-callback-worker';
import { OutcomeRecorder } from './outcome-recorder';
import { TwilioAccount } from './twilio-account';
import { VoiceFallback } from './voice-fallback';
import { WebhookApi } from './webhook-api';

export interface RedialStackProps extends StackProps {
  readonly config: RedialConfig;
  /** The origin Twilio calls, when it is a custom domain rather than the HTTP API's endpoint. */
  readonly publicBaseUrl?: string;
}

/**
 * Webhook API → dial-outcomes queue → recorder → call table and missed-calls queue → alerter → topic;
 * every minute, the outbox drain and the callback worker; the operations dashboard and alarms.
 */
export class RedialStack extends Stack {
  readonly config: RedialConfig;
  readonly callTable: CallTable;
  readonly twilioAccount: TwilioAccount;
  readonly webhooks: WebhookApi;
  readonly fallback: VoiceFallback;
  readonly recorder: OutcomeRecorder;
  readonly alerts: MissedCallAlerts;
  readonly worker: OutboxAndCallbackWorker;
  readonly operationsAlarms: OperationsAlarms;
  readonly operationsDashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: RedialStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.config = config;
    this.callTable = new CallTable(this, 'CallTable');
    const callTable = this.callTable.table;
    this.twilioAccount = new TwilioAccount(this, 'TwilioAccount', { publicBaseUrl: props.publicBaseUrl });
    this.alerts = new MissedCallAlerts(this, 'MissedCallAlerts', { config, callTable });
    this.recorder = new OutcomeRecorder(this, 'OutcomeRecorder', {
      config,
      callTable,
      missedCalls: this.alerts.missedCalls.queue,
    });
    this.webhooks = new WebhookApi(this, 'WebhookApi', {
      config,
      dialOutcomes: this.recorder.dialOutcomes.queue,
      callTable,
      twilioAccount: this.twilioAccount,
    });
    // Its own function on the same API: what callers reach when the webhook fails.
    this.fallback = new VoiceFallback(this, 'VoiceFallback', {
      config,
      api: this.webhooks.api,
      twilioAccount: this.twilioAccount,
    });
    this.worker = new OutboxAndCallbackWorker(this, 'OutboxAndCallbackWorker', {
      config,
      callTable,
      dialOutcomes: this.recorder.dialOutcomes.queue,
      missedCalls: this.alerts.missedCalls.queue,
      twilioAccount: this.twilioAccount,
    });
    // After the alert topic: the local stack takes the template's first topic for the alerts.
    const deadLetterQueues = {
      DialOutcomes: this.recorder.dialOutcomes.deadLetterQueue,
      MissedCalls: this.alerts.missedCalls.deadLetterQueue,
    };
    this.operationsAlarms = new OperationsAlarms(this, 'OperationsAlarms', {
      config,
      api: this.webhooks.api,
      callbackWorker: this.worker.handler,
      deadLetterQueues,
    });
    this.operationsDashboard = new OperationsDashboard(this, 'OperationsDashboard', {
      config,
      api: this.webhooks.api,
      webhook: this.webhooks.handler,
      functions: {
        webhook: this.webhooks.handler,
        'outcome-recorder': this.recorder.handler,
        'missed-call-alerter': this.alerts.handler,
        'callback-worker': this.worker.handler,
        'voice-fallback': this.fallback.handler,
      },
      deadLetterQueues,
      alarms: this.operationsAlarms.alarms,
    });
  }
}
