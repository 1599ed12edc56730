// One function warm, in a worker thread of its own with the function's environment (as the local
// stack's workers run them): its bundle loaded, AWS answered in process, then invoked again and
// again, each invocation timed alone. Posts back the first answer (for the bench to check), the
// timings in microseconds, and the AWS requests answered per timed invocation and refused in all.
const { parentPort, workerData } = require('node:worker_threads');
const { answerAwsInProcess } = require('./in-process-aws');
const { lambdaContext } = require('../../tools/local-stack/lambda-context');

const { bundle, handlerExport, events, warmUp, invocations, secretString } = workerData;

// Before the bundle, as network-faults.js is: the SDK takes node:http's request at each call.
const aws = answerAwsInProcess({ secretString });
const handler = require(bundle)[handlerExport];
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME;

async function invoke(index) {
  const context = lambdaContext({
    functionName: functionName,
    functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    requestId: `bench-${index}`,
    deadline: Date.now() + 10_000,
    logStreamName: 'bench',
  });
  return handler(events[index % events.length], context);
}

async function main() {
  const first = await invoke(0);
  for (let i = 1; i < warmUp; i++) await invoke(i);
  const answeredBefore = aws.answered;
  const micros = new Float64Array(invocations);
  for (let i = 0; i < invocations; i++) {
    const started = performance.now();
    await invoke(warmUp + i);
    micros[i] = (performance.now() - started) * 1000;
  }
  const awsCallsPerInvocation = (aws.answered - answeredBefore) / invocations;
  parentPort.postMessage({ first, micros, awsCallsPerInvocation, refused: aws.refused });
}

main().catch((error) =>
  parentPort.postMessage({ error: error instanceof Error ? error.stack : String(error) }),
);
