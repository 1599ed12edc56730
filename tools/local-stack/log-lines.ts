/** Shortens a Lambda's JSON log line (Powertools) to one readable terminal line. */
export function formatLogLine(source: string, line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return `[${source}] ${line}`;
  }
  if (typeof entry !== 'object' || entry === null || !('message' in entry)) return `[${source}] ${line}`;
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
