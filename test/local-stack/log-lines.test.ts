import { formatLogLine } from '../../tools/local-stack/log-lines';

describe("the local stack's log lines", () => {
  it('prints an embedded-metric-format line as one short line, without the service dimension', () => {
    const emf = {
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [
          {
            Namespace: 'Redial',
            Dimensions: [['service', 'Agent', 'DeclineKind']],
            Metrics: [{ Name: 'Declines', Unit: 'Count' }],
          },
        ],
      },
      service: 'redial',
      Agent: 'alice',
      DeclineKind: 'user',
      Declines: 1,
    };
    expect(formatLogLine('OutcomeRecorder', JSON.stringify(emf))).toBe(
      '[OutcomeRecorder] METRIC Declines 1 (Agent=alice, DeclineKind=user)',
    );
  });

  it('gives each metric of a line its unit', () => {
    const emf = {
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [
          {
            Namespace: 'Redial',
            Dimensions: [['service']],
            Metrics: [
              { Name: 'WebhookLatency', Unit: 'Milliseconds' },
              { Name: 'SignatureFailures', Unit: 'Count' },
            ],
          },
        ],
      },
      service: 'redial',
      WebhookLatency: 12,
      SignatureFailures: 1,
    };
    expect(formatLogLine('WebhookApi', JSON.stringify(emf))).toBe(
      '[WebhookApi] METRIC WebhookLatency 12 ms; SignatureFailures 1',
    );
  });

  it('still shortens a Powertools log line and passes other text through', () => {
    const line = JSON.stringify({
      level: 'INFO',
      message: 'Recorded call-started',
      service: 'redial',
      key: 'k',
    });
    expect(formatLogLine('OutcomeRecorder', line)).toBe(
      '[OutcomeRecorder] INFO  Recorded call-started {"key":"k"}',
    );
    expect(formatLogLine('webhook', 'plain text')).toBe('[webhook] plain text');
  });
});
