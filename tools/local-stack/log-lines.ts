/** Shortens a Lambda's JSON log line (Powertools) to one readable terminal line. */
export function formatLogLine(source: string, line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return `[${source}] ${line}`;
  }
  if (typeof entry !== 'object' || entry === null) return `[${source}] ${line}`;
  const metrics = metricsLine(entry);
  if (metrics) return `[${source}] METRIC ${metrics}`;
  if (!('message' in entry)) return `[${source}] ${line}`;
  const {
    level,
    message,
    timestamp,
    service,
    cold_start,
    function_name,
    function_memory_size,
    function_arn,
    function_request_id,
    sampling_rate,
    xray_trace_id,
    ...rest
  } = entry;
  const details = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  return `[${source}] ${String(level ?? 'INFO').padEnd(5)} ${String(message)}${details}`;
}

const SHORT_UNITS: Record<string, string> = { Count: '', Milliseconds: ' ms', Seconds: ' s' };

/**
 * An embedded-metric-format line (Powertools Metrics) as one short phrase, "Dials 1 (Agent=alice)",
 * instead of its JSON directive; undefined for any other line. The `service` dimension, the same on
 * every metric, is left out.
 */
function metricsLine(entry: Record<string, unknown>): string | undefined {
  const directive = (entry._aws as { CloudWatchMetrics?: unknown } | undefined)?.CloudWatchMetrics;
  if (!Array.isArray(directive)) return undefined;
  return directive
    .flatMap((set: { Dimensions?: string[][]; Metrics?: { Name: string; Unit?: string }[] }) => {
      const names = [...new Set((set.Dimensions ?? []).flat())].filter((name) => name !== 'service');
      const dimensions = names.map((name) => `${name}=${String(entry[name])}`).join(', ');
      return (set.Metrics ?? []).map(
        (metric) =>
          `${metric.Name} ${JSON.stringify(entry[metric.Name])}${SHORT_UNITS[metric.Unit ?? ''] ?? ` ${metric.Unit}`}` +
          (dimensions ? ` (${dimensions})` : ''),
      );
    })
    .join('; ');
}
