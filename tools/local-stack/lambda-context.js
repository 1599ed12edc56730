// The context object the Node.js runtime passes a handler: one shape for the local stack's workers
// (lambda-worker.js) and the benchmarks' processes, which invoke bundles the same way.
function lambdaContext({ functionName, functionArn, requestId, deadline, logStreamName }) {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

module.exports = { lambdaContext };
