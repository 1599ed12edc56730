import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ResourceExistsException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Emulators } from './emulators';
import type { StackWiring } from './stack-wiring';
import { type PhysicalValues, referencedId, resourcesOfType, type Template } from './template-resolver';

export interface LocalClients {
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly secrets: SecretsManagerClient;
}

/** The static credentials every local client signs with: the two fields local.json documents. */
export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export const LOCAL_CREDENTIALS: LocalCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * A fresh plain copy of LOCAL_CREDENTIALS. The AWS SDK marks a credentials object it is given with
 * an internal `$source` field when it first signs, so each client gets its own copy and what the
 * local stack writes out is never one the SDK has touched.
 */
export function localCredentials(): LocalCredentials {
  return { accessKeyId: LOCAL_CREDENTIALS.accessKeyId, secretAccessKey: LOCAL_CREDENTIALS.secretAccessKey };
}

export function localClients(emulators: Emulators, region: string): LocalClients {
  const common = () => ({ region, credentials: localCredentials() });
  return {
    dynamodb: new DynamoDBClient({ ...common(), endpoint: emulators.endpoints.DYNAMODB }),
    sqs: new SQSClient({ ...common(), endpoint: emulators.endpoints.SQS }),
    sns: new SNSClient({ ...common(), endpoint: emulators.endpoints.SNS }),
    secrets: new SecretsManagerClient({ ...common(), endpoint: emulators.endpoints.SECRETS_MANAGER }),
  };
}

export interface TwilioTestCredentials {
  readonly accountSid: string;
  readonly authToken: string;
}

type Props = Record<string, unknown>;
const physicalName = (stackName: string, logicalId: string) => `${stackName}-${logicalId}`.slice(0, 80);

async function createTables(
  template: Template,
  stackName: string,
  clients: LocalClients,
  values: PhysicalValues,
) {
  const tableTypes = ['AWS::DynamoDB::GlobalTable', 'AWS::DynamoDB::Table'];
  for (const [id, resource] of tableTypes.flatMap((type) => resourcesOfType(template, type))) {
    const props = resource.Properties as Props;
    const name = physicalName(stackName, id);
    try {
      await clients.dynamodb.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: props.KeySchema as never,
          AttributeDefinitions: props.AttributeDefinitions as never,
          GlobalSecondaryIndexes: props.GlobalSecondaryIndexes as never,
        }),
      );
    } catch (error) {
      // A table left by an earlier run against an external endpoint is reused.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    values.refs[id] = name;
    values.attributes[`${id}.Arn`] =
      `arn:aws:dynamodb:${values.refs['AWS::Region']}:${values.refs['AWS::AccountId']}:table/${name}`;
  }
}

async function createQueues(
  template: Template,
  stackName: string,
  clients: LocalClients,
  values: PhysicalValues,
) {
  const queues = resourcesOfType(template, 'AWS::SQS::Queue');
  for (const [id, resource] of queues) {
    const props = resource.Properties as Props;
    const attributes: Record<string, string> = {};
    for (const name of [
      'VisibilityTimeout',
      'MessageRetentionPeriod',
      'DelaySeconds',
      'ReceiveMessageWaitTimeSeconds',
      'FifoQueue',
      'ContentBasedDeduplication',
    ]) {
      if (props[name] !== undefined) attributes[name] = String(props[name]);
    }
    // CloudFormation names a FIFO queue with the .fifo suffix SQS requires; so do we.
    const queueName = props.FifoQueue
      ? `${physicalName(stackName, id).slice(0, 75)}.fifo`
      : physicalName(stackName, id);
    const { QueueUrl } = await clients.sqs.send(
      new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }),
    );
    const url = QueueUrl as string;
    const { Attributes } = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    );
    values.refs[id] = url;
    values.attributes[`${id}.Arn`] = Attributes?.QueueArn as string;
    values.attributes[`${id}.QueueUrl`] = url;
    values.attributes[`${id}.QueueName`] = queueName;
  }
  // Redrive policies name their DLQ by ARN, so they are set once every queue exists.
  for (const [id, resource] of queues) {
    const redrive = (resource.Properties as Props).RedrivePolicy as Props | undefined;
    if (!redrive) continue;
    const policy = {
      deadLetterTargetArn: values.attributes[`${referencedId(redrive.deadLetterTargetArn)}.Arn`],
      maxReceiveCount: redrive.maxReceiveCount,
    };
    await clients.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: values.refs[id],
        Attributes: { RedrivePolicy: JSON.stringify(policy) },
      }),
    );
  }
}

async function createTopics(
  template: Template,
  stackName: string,
  clients: LocalClients,
  values: PhysicalValues,
) {
  for (const [id] of resourcesOfType(template, 'AWS::SNS::Topic')) {
    const { TopicArn } = await clients.sns.send(
      new CreateTopicCommand({ Name: physicalName(stackName, id) }),
    );
    values.refs[id] = TopicArn as string;
    values.attributes[`${id}.TopicArn`] = TopicArn as string;
  }
}

/**
 * Secrets get a generated value in the shape their GenerateSecretString template describes, with
 * `twilio`'s credentials. A secret an earlier start left on emulators that outlived it (`redial
 * emulators`) is kept, and with it that start's Twilio account, so calls signed before a restart
 * still verify after it. Returns the account the secrets hold.
 */
async function createSecrets(
  template: Template,
  stackName: string,
  clients: LocalClients,
  values: PhysicalValues,
  twilio: TwilioTestCredentials,
): Promise<TwilioTestCredentials> {
  let account = twilio;
  for (const [id, resource] of resourcesOfType(template, 'AWS::SecretsManager::Secret')) {
    const generate = (resource.Properties as Props).GenerateSecretString as Props | undefined;
    const shape = JSON.parse((generate?.SecretStringTemplate as string) ?? '{}');
    const name = `${physicalName(stackName, id)}-local`;
    try {
      const { ARN } = await clients.secrets.send(
        new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ ...shape, ...twilio }) }),
      );
      values.refs[id] = ARN as string;
    } catch (error) {
      if (!(error instanceof ResourceExistsException)) throw error;
      const { ARN, SecretString } = await clients.secrets.send(new GetSecretValueCommand({ SecretId: name }));
      const { accountSid, authToken } = JSON.parse(SecretString ?? '{}') as Partial<TwilioTestCredentials>;
      if (accountSid && authToken) account = { accountSid, authToken };
      values.refs[id] = ARN as string;
    }
  }
  return account;
}

function pseudoParameters(region: string, accountId: string): Record<string, string> {
  return {
    'AWS::Region': region,
    'AWS::AccountId': accountId,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': 'local',
  };
}

/**
 * Creates every table, queue, topic and secret of the template that does not exist yet; returns
 * their physical values and the Twilio account the secrets hold (`options.twilio` unless kept).
 */
export async function createLocalResources(
  wiring: StackWiring,
  clients: LocalClients,
  options: { region: string; accountId: string; apiBaseUrl: string; twilio: TwilioTestCredentials },
): Promise<{ values: PhysicalValues; twilio: TwilioTestCredentials }> {
  const values: PhysicalValues = {
    refs: pseudoParameters(options.region, options.accountId),
    attributes: {},
  };
  const { template, stackName } = wiring;
  await createTables(template, stackName, clients, values);
  await createQueues(template, stackName, clients, values);
  await createTopics(template, stackName, clients, values);
  const twilio = await createSecrets(template, stackName, clients, values, options.twilio);
  for (const [id] of resourcesOfType(template, 'AWS::ApiGatewayV2::Api')) {
    values.refs[id] = 'local';
    values.attributes[`${id}.ApiEndpoint`] = options.apiBaseUrl;
  }
  for (const fn of wiring.functions) {
    const name = physicalName(stackName, fn.logicalId).slice(0, 64);
    values.refs[fn.logicalId] = name;
    values.attributes[`${fn.logicalId}.Arn`] =
      `arn:aws:lambda:${options.region}:${options.accountId}:function:${name}`;
  }
  return { values, twilio };
}
