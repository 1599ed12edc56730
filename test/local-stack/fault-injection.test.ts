import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { faultPlanReader, readFaultPlan, writeFaultPlan } from '../../tools/local-stack/fault-plan';
import { type FaultServer, startFaultServer } from '../../tools/local-stack/fault-server';

const { describeRequest } = require('../../tools/local-stack/network-faults') as {
  describeRequest(headers: Record<string, string>): { service: string; operation?: string } | undefined;
};

const FUNCTIONS = ['WebhookApi', 'OutcomeRecorder'];
const dir = mkdtempSync(path.join(tmpdir(), 'redial-fault-plan-'));

describe('a fault plan', () => {
  const file = (name: string, content: unknown) => {
    const at = path.join(dir, name);
    writeFileSync(at, typeof content === 'string' ? content : JSON.stringify(content));
    return at;
  };

  it('is read and checked against the stack’s functions, naming what is wrong', () => {
    const rule = { function: 'OutcomeRecorder', service: 'dynamodb', effect: 'throttle', rate: 0.2 };
    expect(readFaultPlan(file('good.json', { rules: [rule] }), FUNCTIONS)).toEqual({ rules: [rule] });
    expect(() => readFaultPlan(file('rate.json', { rules: [{ ...rule, rate: 2 }] }), FUNCTIONS)).toThrow(
      /rate\.json is not a fault plan \(rules\.0\.rate: /,
    );
    expect(() =>
      readFaultPlan(file('fn.json', { rules: [{ ...rule, function: 'Nope' }] }), FUNCTIONS),
    ).toThrow(/no function "Nope" in the stack; use one of WebhookApi, OutcomeRecorder/);
    expect(() => readFaultPlan(file('broken.json', '{'), FUNCTIONS)).toThrow(/cannot read the fault plan/);
  });

  it('is read again when it changes, and means no faults while it cannot be read', async () => {
    const at = path.join(dir, 'changing.json');
    writeFaultPlan(at, { rules: [], duplicateDeliveries: 'sequential' });
    const plan = faultPlanReader(at);
    expect(plan().duplicateDeliveries).toBe('sequential');
    await new Promise((resolve) => setTimeout(resolve, 20)); // a later mtime
    writeFaultPlan(at, { rules: [], duplicateDeliveries: 'concurrent' });
    expect(plan().duplicateDeliveries).toBe('concurrent');
    writeFileSync(at, '{ half a pla');
    expect(plan()).toEqual({ rules: [] });
  });
});

describe('which request a fault rule sees', () => {
  const signed = (service: string) =>
    `AWS4-HMAC-SHA256 Credential=local/20261125/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=x`;

  it('reads the service from the SigV4 scope and the operation from X-Amz-Target', () => {
    expect(
      describeRequest({ Authorization: signed('dynamodb'), 'X-Amz-Target': 'DynamoDB_20120810.PutItem' }),
    ).toEqual({ service: 'dynamodb', operation: 'PutItem' });
    expect(
      describeRequest({ authorization: signed('sqs'), 'x-amz-target': 'AmazonSQS.SendMessage' }),
    ).toEqual({
      service: 'sqs',
      operation: 'SendMessage',
    });
    expect(describeRequest({ authorization: signed('sns') })).toEqual({
      service: 'sns',
      operation: undefined,
    });
    expect(describeRequest({ 'content-type': 'text/xml' })).toBeUndefined();
  });
});

describe('the fault server', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(() => server.stop());

  const client = <T>(Client: new (config: object) => T, route: string) =>
    new Client({
      endpoint: `${server.url}/${route}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });

  it('grants a limited rule its crashes while some are left, counted by the rule’s id', async () => {
    const claim = (id: string) =>
      fetch(`${server.url}/claims/${id}?limit=2`, { method: 'POST' }).then((response) => response.status);
    expect([await claim('a'), await claim('a'), await claim('a'), await claim('b')]).toEqual([
      200, 200, 429, 200,
    ]);
  });

  it.each([
    ['dynamodb/throttle', 'ThrottlingException'],
    ['dynamodb/error', 'InternalServerError'],
  ])('answers %s as DynamoDB does: the SDK throws %s', async (route, name) => {
    const error = await client(DynamoDBClient, route)
      .send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'x' } } }))
      .catch((caught: Error) => caught);
    expect(error).toMatchObject({ name });
  });

  it.each([
    ['sqs/throttle', 'RequestThrottled'],
    ['sqs/error', 'InternalError'],
  ])('answers %s as SQS does: the SDK throws %s', async (route, name) => {
    const error = await client(SQSClient, route)
      .send(new SendMessageCommand({ QueueUrl: `${server.url}/${route}`, MessageBody: 'x' }))
      .catch((caught: Error) => caught);
    expect(error).toMatchObject({ name });
  });

  it.each([
    ['sns/throttle', 'Throttling'],
    ['sns/error', 'InternalErrorException'],
  ])('answers %s as SNS does: the SDK throws %s', async (route, name) => {
    const error = await client(SNSClient, route)
      .send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:t', Message: 'x' }))
      .catch((caught: Error) => caught);
    expect(error).toMatchObject({ name });
    expect(server.counts.get(route)).toBeGreaterThan(0);
  });
});
