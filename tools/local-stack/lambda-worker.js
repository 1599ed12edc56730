// Runs one Lambda bundle inside a worker thread, as the Node.js runtime would: the bundle is
// loaded once (the cold start), then each message from the local stack is one invocation.
const { parentPort, workerData } = require('node:worker_threads');

const { resolveLocalhostSubdomains } = require('./localhost-dns');

process.setSourceMapsEnabled(true);
resolveLocalhostSubdomains();
// Before the bundle: the SDK takes node:http's request at its first call (redial start --faults).
if (workerData.faults) require('./network-faults').injectNetworkFaults(workerData.faults);
const bundle = require(workerData.bundle);
const handler = bundle[workerData.handlerExport];
if (typeof handler !== 'function') {
  throw new Error(`${workerData.bundle} exports no function "${workerData.handlerExport}"`);
}

function lambdaContext(invocation) {
  return {
    functionName: workerData.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: workerData.functionArn,
    memoryLimitInMB: '512',
    awsRequestId: invocation.requestId,
    logGroupName: `/aws/lambda/${workerData.functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, invocation.deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

parentPort.on('message', async (invocation) => {
  try {
    const result = await handler(invocation.event, lambdaContext(invocation));
    parentPort.postMessage({ requestId: invocation.requestId, result });
  } catch (error) {
    const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
    parentPort.postMessage({ requestId: invocation.requestId, error: { name, message, stack } });
  }
});
