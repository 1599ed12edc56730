// Runs one Lambda bundle inside a worker thread, as the Node.js runtime would: the bundle is
// loaded once (the cold start), then each message from the local stack is one invocation.
const { parentPort, workerData } = require('node:worker_threads');

const { lambdaContext } = require('./lambda-context');
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

parentPort.on('message', async (invocation) => {
  try {
    const context = lambdaContext({
      functionName: workerData.functionName,
      functionArn: workerData.functionArn,
      requestId: invocation.requestId,
      deadline: invocation.deadline,
      logStreamName: 'local',
    });
    const result = await handler(invocation.event, context);
    parentPort.postMessage({ requestId: invocation.requestId, result });
  } catch (error) {
    const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
    parentPort.postMessage({ requestId: invocation.requestId, error: { name, message, stack } });
  }
});
