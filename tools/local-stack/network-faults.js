// Fault injection for one local Lambda, as a network would inflict it: loaded in the function's
// worker thread before its bundle, it wraps node:http's request (which the AWS SDK's HTTP handler
// takes at its first call), so the handler code is the deployed code, untouched. The plan file is
// read again whenever it changes, so a test can move from one fault to the next while calls run.
//
// A rule picks requests by the signing service in their SigV4 scope (dynamodb, sqs, sns) and, for
// the JSON protocols, the operation in X-Amz-Target; then, at its rate:
// - throttle / error: the request goes to the fault server instead, which answers as the service
//   does when it throttles or fails (the SDK retries, as it would against AWS);
// - crash-after: the request reaches the emulator, and once its answer is in, the function's
//   execution environment dies (a consumer crashing mid-batch, a worker dying after its claim).
const http = require('node:http');
const { readFileSync, statSync } = require('node:fs');

const SCOPE = /Credential=[^/]+\/\d{8}\/[^/]+\/([a-z0-9-]+)\/aws4_request/;

/** The service and operation a signed AWS request is for; undefined for anything else. */
function describeRequest(headers = {}) {
  const value = (name) => {
    const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
    return key === undefined ? undefined : String(headers[key]);
  };
  const scope = SCOPE.exec(value('authorization') ?? '');
  if (!scope) return undefined;
  const target = value('x-amz-target');
  return { service: scope[1], operation: target ? target.split('.').pop() : undefined };
}

function planReader(planFile, functionKey) {
  let cached = { mtimeMs: Number.NaN, rules: [] };
  return () => {
    try {
      const { mtimeMs } = statSync(planFile);
      if (mtimeMs !== cached.mtimeMs) {
        const plan = JSON.parse(readFileSync(planFile, 'utf8'));
        cached = { mtimeMs, rules: plan.rules.filter((rule) => rule.function === functionKey) };
      }
    } catch {
      // A plan being rewritten, or removed: no faults until it reads again.
      cached = { mtimeMs: Number.NaN, rules: [] };
    }
    return cached.rules;
  };
}

const matches = (rule, request) =>
  rule.service === request.service && (rule.operation === undefined || rule.operation === request.operation);

/**
 * Ends this execution environment; with a `limit`, only while the fault server still grants one
 * of the rule's crashes (counted across every function's workers), so a test can be sure of a few
 * crashes without any message crashing the three times that would dead-letter it.
 */
function crashIfAllowed(original, server, rule) {
  if (rule.limit === undefined) return setImmediate(() => process.exit(70));
  const claim = original({
    host: server.hostname,
    port: server.port,
    method: 'POST',
    path: `/claims/${encodeURIComponent(rule.id ?? JSON.stringify(rule))}?limit=${rule.limit}`,
  });
  claim.on('response', (response) => {
    response.resume();
    if (response.statusCode === 200) setImmediate(() => process.exit(70));
  });
  claim.on('error', () => {});
  claim.end();
}

/** Wraps node:http's request in this thread with the plan's faults for `functionKey`. */
function injectNetworkFaults({ planFile, functionKey, faultServer }) {
  const rulesNow = planReader(planFile, functionKey);
  const server = new URL(faultServer);
  const original = http.request;
  http.request = function requestWithFaults(...args) {
    const options = args[0];
    const request =
      options && typeof options === 'object' && !(options instanceof URL) && describeRequest(options.headers);
    const rule =
      request &&
      rulesNow().find((candidate) => matches(candidate, request) && Math.random() < candidate.rate);
    if (!rule) return original.apply(this, args);
    if (rule.effect === 'crash-after') {
      const outgoing = original.apply(this, args);
      outgoing.on('response', (response) => response.on('end', () => crashIfAllowed(original, server, rule)));
      return outgoing;
    }
    const redirected = {
      ...options,
      host: server.hostname,
      hostname: server.hostname,
      port: server.port,
      path: `/${request.service}/${rule.effect}`,
      agent: undefined,
    };
    return original.call(this, redirected, ...args.slice(1));
  };
}

module.exports = { injectNetworkFaults, describeRequest };
