import { type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { QueuePoller } from './queue-poller';
import type { StandInSubscription } from './state-file';
import { type PhysicalValues, resolveValue, resourcesOfType, type Template } from './template-resolver';

export interface PrintedAlert {
  /** Where it was delivered: `all` for the local stack's own catch-all queue, else the subscription. */
  readonly deliveredTo: string;
  readonly subject?: string;
  readonly message: string;
  readonly attributes: Record<string, string>;
  /**
   * SNS's id for the publish: printed with the alert, so a reader can tell an alert published twice
   * (two ids) from one printed again after the stack stopped between printing it and taking it
   * off its queue (one id).
   */
  readonly snsMessageId?: string;
}

interface SnsEnvelope {
  MessageId?: string;
  Subject?: string;
  Message: string;
  MessageAttributes?: Record<string, { Value: string }>;
}

/**
 * Reads an SNS notification as delivered to SQS (not raw) and picks the form `protocol` gets, as
 * SNS does for a `MessageStructure: json` publish (fauxqs delivers the whole per-protocol object).
 */
export function readSnsEnvelope(body: string, protocol = 'sqs'): Omit<PrintedAlert, 'deliveredTo'> {
  const envelope = JSON.parse(body) as SnsEnvelope;
  let message = envelope.Message;
  try {
    const perProtocol = JSON.parse(message) as Record<string, string>;
    message = perProtocol[protocol] ?? perProtocol.default ?? message;
  } catch {
    // Plain text: as it is.
  }
  return {
    subject: envelope.Subject,
    snsMessageId: envelope.MessageId,
    message,
    attributes: Object.fromEntries(
      Object.entries(envelope.MessageAttributes ?? {}).map(([name, attribute]) => [name, attribute.Value]),
    ),
  };
}

async function subscribeQueue(
  clients: { sqs: SQSClient; sns: SNSClient },
  topicArn: string,
  queueName: string,
  filterPolicy?: unknown,
): Promise<{ queueUrl: string; queueArn: string }> {
  const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: queueName }));
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueArn = Attributes?.QueueArn as string;
  await clients.sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      Attributes: filterPolicy ? { FilterPolicy: JSON.stringify(filterPolicy) } : undefined,
    }),
  );
  return { queueUrl: QueueUrl as string, queueArn };
}

export interface AlertPrinters {
  readonly pollers: QueuePoller[];
  readonly subscriptions: StandInSubscription[];
  readonly catchAllQueueUrl: string;
}

/**
 * Nothing here can send email or SMS, so each of the template's subscriptions gets a local queue
 * subscribed with the same filter policy: what would reach alice@example.com reaches its queue,
 * and is printed with the form that protocol would get. A catch-all queue prints every alert in full.
 */
export async function startAlertPrinters(options: {
  template: Template;
  values: PhysicalValues;
  stackName: string;
  region: string;
  clients: { sqs: SQSClient; sns: SNSClient };
  onAlert: (alert: PrintedAlert) => void;
  onError: (error: Error) => void;
}): Promise<AlertPrinters> {
  const { template, values, stackName, clients } = options;
  const [topicId] = resourcesOfType(template, 'AWS::SNS::Topic')[0];
  const topicArn = values.refs[topicId];
  const pollers: QueuePoller[] = [];
  const listen = (queue: { queueUrl: string; queueArn: string }, deliveredTo: string, protocol: string) => {
    const poller = new QueuePoller({
      sqs: clients.sqs,
      queueUrl: queue.queueUrl,
      queueArn: queue.queueArn,
      region: options.region,
      batchSize: 10,
      maxBatchingWindowSeconds: 0,
      reportBatchItemFailures: false,
      onError: options.onError,
      target: {
        invoke: async <T>(event: unknown) => {
          for (const record of (event as { Records: { body: string }[] }).Records) {
            options.onAlert({ deliveredTo, ...readSnsEnvelope(record.body, protocol) });
          }
          return {} as T;
        },
      },
    });
    poller.start();
    pollers.push(poller);
  };

  const catchAll = await subscribeQueue(clients, topicArn, `${stackName}-local-alert-printer`);
  listen(catchAll, 'all', 'default');
  const subscriptions: StandInSubscription[] = [];
  for (const [id, resource] of resourcesOfType(template, 'AWS::SNS::Subscription')) {
    const props = resolveValue(resource.Properties, values) as Record<string, unknown>;
    const protocol = String(props.Protocol);
    const endpoint = String(props.Endpoint);
    // On the subscription's own topic: the operations topic's endpoints never get missed-call alerts.
    const queue = await subscribeQueue(
      clients,
      String(props.TopicArn),
      `${stackName}-local-${id}`.slice(0, 80),
      props.FilterPolicy,
    );
    listen(queue, `${protocol} ${endpoint}`, protocol);
    subscriptions.push({ protocol, endpoint, filterPolicy: props.FilterPolicy, queueUrl: queue.queueUrl });
  }
  return { pollers, subscriptions, catchAllQueueUrl: catchAll.queueUrl };
}

/** The terminal form: the full alert once, then one line per endpoint it reached. */
export function formatAlert(alert: PrintedAlert): string {
  if (alert.deliveredTo !== 'all')
    return `[alerts]   → ${alert.deliveredTo}: ${alert.message.split('\n')[0]}`;
  const tags = Object.entries(alert.attributes)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  const id = alert.snsMessageId ? ` sns:${alert.snsMessageId}` : '';
  return `[alerts] ALERT (${tags})${id}\n${alert.message.replace(/^/gm, '    ')}`;
}
