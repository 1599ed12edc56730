// One cold start, in the fresh Node process cold-starts.ts spawns: load the bundle, serve one
// invocation, exit. Its answer goes to stderr as `RESULT <json>` for the bench to check, after
// `PHASES <loaded> <answered>`: milliseconds since the process began (performance.now's origin)
// when the bundle had loaded and when the invocation had answered, so the bench can say where a
// cold start goes. The function's own log lines go to stdout, as in Lambda. Plain JavaScript, so nothing but Node
// itself runs before the bundle (tsx would add its own start-up to every figure).
const { randomUUID } = require('node:crypto');
const { resolveLocalhostSubdomains } = require('../../tools/local-stack/localhost-dns');
const { lambdaContext } = require('../../tools/local-stack/lambda-context');

const [bundle, handlerExport, eventJson] = process.argv.slice(2);
// fauxqs's queue URLs are *.localhost names, which this machine's resolver may not answer.
resolveLocalhostSubdomains();

const finish = (line, code) => process.stderr.write(`${line}\n`, () => process.exit(code));

let loaded;

async function invokeOnce() {
  const handler = require(bundle)[handlerExport];
  loaded = performance.now();
  const context = lambdaContext({
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    requestId: randomUUID(),
    deadline: Date.now() + 10_000,
    logStreamName: 'bench',
  });
  return handler(JSON.parse(eventJson), context);
}

// Exits as soon as it has answered: keep-alive sockets would otherwise hold the process open,
// where Lambda would freeze it.
invokeOnce().then(
  (result) => finish(`PHASES ${loaded} ${performance.now()}\nRESULT ${JSON.stringify(result ?? null)}`, 0),
  (error) => finish(`ERROR ${error instanceof Error ? error.stack : String(error)}`, 1),
);
