// AWS answered inside this thread, for warm-cost: node:http's request (which the AWS SDK's HTTP
// handler takes at each call) is wrapped, as tools/local-stack/network-faults.js wraps it, so a
// signed AWS request gets an in-memory connection to an http.Server here instead of a socket.
// The SDK still builds, signs, writes and parses real HTTP; only the network and the service are
// gone, each service's answer being its smallest success. Other requests pass through untouched.
const http = require('node:http');
const { createHash, randomUUID } = require('node:crypto');
const { duplexPair } = require('node:stream');
const { describeRequest } = require('../../tools/local-stack/network-faults');

const AMZ_JSON = 'application/x-amz-json-1.0';
const md5 = (text) => createHash('md5').update(text).digest('hex');

/** DynamoDB: every write succeeds (conditions hold), every read finds nothing. */
function dynamodb(operation) {
  if (operation === 'Query' || operation === 'Scan') return { Items: [], Count: 0, ScannedCount: 0 };
  if (operation === 'BatchGetItem') return { Responses: {}, UnprocessedKeys: {} };
  if (operation === 'BatchWriteItem') return { UnprocessedItems: {} };
  return {};
}

/** SQS (JSON protocol): sent, with the body's MD5 the SDK checks. */
function sqs(operation, input) {
  if (operation === 'SendMessageBatch')
    return {
      Successful: input.Entries.map((entry) => ({
        Id: entry.Id,
        MessageId: randomUUID(),
        MD5OfMessageBody: md5(entry.MessageBody),
      })),
      Failed: [],
    };
  if (operation === 'SendMessage')
    return { MessageId: randomUUID(), MD5OfMessageBody: md5(input.MessageBody) };
  throw new Error(`in-process SQS does not answer ${operation}`);
}

/** SNS speaks the query protocol: form in, XML out. */
function snsPublish() {
  return (
    '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>' +
    `<MessageId>${randomUUID()}</MessageId></PublishResult>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`
  );
}

function secretsManager(operation, input, secretString) {
  if (operation !== 'GetSecretValue')
    throw new Error(`in-process Secrets Manager does not answer ${operation}`);
  return {
    ARN: input.SecretId,
    Name: input.SecretId,
    SecretString: secretString,
    VersionId: 'bench',
    VersionStages: ['AWSCURRENT'],
  };
}

/** The status, content type and body a service answers `request` with. */
function answer(request, body, secretString) {
  const { service, operation } = describeRequest(request.headers);
  if (service === 'sns') {
    const action = new URLSearchParams(body).get('Action');
    if (action !== 'Publish') throw new Error(`in-process SNS does not answer ${action}`);
    return ['text/xml', snsPublish()];
  }
  const input = body ? JSON.parse(body) : {};
  if (service === 'dynamodb') return [AMZ_JSON, JSON.stringify(dynamodb(operation))];
  if (service === 'sqs') return [AMZ_JSON, JSON.stringify(sqs(operation, input))];
  if (service === 'secretsmanager')
    return ['application/x-amz-json-1.1', JSON.stringify(secretsManager(operation, input, secretString))];
  throw new Error(`no in-process answer for ${service}`);
}

function inProcessServer(secretString, counts) {
  return http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const [type, payload] = answer(request, Buffer.concat(chunks).toString(), secretString);
        response.writeHead(200, { 'content-type': type, 'x-amzn-requestid': randomUUID() });
        response.end(payload);
        counts.answered += 1;
      } catch (error) {
        counts.refused += 1;
        // Counted: a request the stubs cannot answer fails the benchmark, which would otherwise
        // measure an error path (the webhook would answer Twilio all the same, from its outbox).
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error.message));
      }
    });
  });
}

/** A connected pair of in-memory streams with the socket methods node:http calls on its sockets. */
function socketPair() {
  const pair = duplexPair();
  for (const side of pair)
    Object.assign(side, {
      setTimeout: () => side,
      setNoDelay: () => side,
      setKeepAlive: () => side,
      ref: () => side,
      unref: () => side,
    });
  return pair;
}

/**
 * From here on, this thread's signed AWS requests are answered in process; `secretString` is
 * every secret's value. Returns the running counts of requests answered and refused.
 */
function answerAwsInProcess({ secretString }) {
  const counts = { answered: 0, refused: 0 };
  const server = inProcessServer(secretString, counts);
  const original = http.request;
  http.request = function requestInProcess(...args) {
    const options = args[0];
    const aws =
      options && typeof options === 'object' && !(options instanceof URL) && describeRequest(options.headers);
    if (!aws) return original.apply(this, args);
    const createConnection = () => {
      const [client, serverSide] = socketPair();
      server.emit('connection', serverSide);
      return client;
    };
    return original.call(this, { ...options, agent: undefined, createConnection }, ...args.slice(1));
  };
  return counts;
}

module.exports = { answerAwsInProcess };
