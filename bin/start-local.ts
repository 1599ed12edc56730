import { parseArgs } from 'node:util';
import { startLocalStack } from '../tools/local-stack/local-stack';
import { checkCallbackScript } from '../tools/twilio-emulator/callback-script';
import { startTwilioRestEmulator } from '../tools/twilio-emulator/twilio-rest-emulator';

/** `npm start`: the whole pipeline on this machine, on embedded emulators. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      'state-dir': { type: 'string' },
      'retry-visibility-seconds': { type: 'string' },
      'schedule-seconds': { type: 'string' },
      'deliver-twice': { type: 'boolean' },
      'callback-agent': { type: 'string' },
      'callback-customer': { type: 'string' },
    },
  });
  const optionalNumber = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  // Checked like a script posted by `npm run call`: a typo fails the start, naming the value.
  const callbackScript = checkCallbackScript({
    agent: (values['callback-agent'] ?? 'answer').split(','),
    customer: (values['callback-customer'] ?? 'answer').split(','),
  });
  const started = Date.now();
  const stack = await startLocalStack({
    configFile: values.config,
    port: optionalNumber(values.port),
    stateDir: values['state-dir'],
    retryVisibilitySeconds: optionalNumber(values['retry-visibility-seconds']),
    scheduleOverrideSeconds: optionalNumber(values['schedule-seconds']),
    deliveriesPerBatch: values['deliver-twice'] ? 2 : 1,
    startTwilioApi: (account, log) => startTwilioRestEmulator({ ...account, defaults: callbackScript, log }),
  });
  const { info } = stack;
  console.log(`
Redial is running locally (started in ${((Date.now() - started) / 1000).toFixed(1)} s).

  API            ${info.apiBaseUrl}   (POST ${stack.wiring.routes.map((route) => route.path).join(', ')})
  Twilio token   ${info.twilio.authToken}   (the API checks X-Twilio-Signature with it)
  Numbers        ${info.numbers.join(', ')}
  Region         ${info.region}
  DynamoDB       ${info.endpoints.dynamodb}   table ${info.resources.table}
  SQS / SNS      ${info.endpoints.sqs}   topic ${info.resources.topicArn}
  Secrets        ${info.endpoints.secrets_manager}
  Twilio API     ${info.twilio.apiBaseUrl}   (emulated: the callback worker's calls are played here)
  Written to     ${stack.stateFile}

Try a call in another terminal:  npm run call -- --agent decline --ring-seconds 8
`);
  const shutdown = async () => {
    console.log('Stopping…');
    await stack.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
