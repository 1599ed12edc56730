import { type ITopic, Subscription, SubscriptionFilter, SubscriptionProtocol } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { RedialConfig } from '../lambdas/domain/config';

export type Endpoints = RedialConfig['supervisors'];

const PROTOCOLS: Record<keyof Endpoints, SubscriptionProtocol> = {
  email: SubscriptionProtocol.EMAIL,
  sms: SubscriptionProtocol.SMS,
  https: SubscriptionProtocol.HTTPS,
};

/**
 * The config's alert endpoints as subscriptions to the alert topic: each agent's carry a filter
 * policy on the `agentId` message attribute, so an agent receives their own alerts and no one
 * else's; supervisors' have none and receive every alert.
 */
export class AlertSubscriptions extends Construct {
  constructor(scope: Construct, id: string, props: { topic: ITopic; config: RedialConfig }) {
    super(scope, id);
    for (const agent of props.config.agents) {
      const filterPolicy = { agentId: SubscriptionFilter.stringFilter({ allowlist: [agent.id] }) };
      subscribeEndpoints(this, props.topic, `Agent-${agent.id}`, agent.alerts, filterPolicy);
    }
    subscribeEndpoints(this, props.topic, 'Supervisors', props.config.supervisors);
  }
}

/** One subscription per endpoint of a config's email, sms and https lists, named after `owner`. */
export function subscribeEndpoints(
  scope: Construct,
  topic: ITopic,
  owner: string,
  endpoints: Endpoints,
  filterPolicy?: Record<string, SubscriptionFilter>,
): void {
  for (const protocol of Object.keys(PROTOCOLS) as (keyof Endpoints)[]) {
    endpoints[protocol].forEach((endpoint, index) => {
      new Subscription(scope, `${owner}-${protocol}-${index}`, {
        topic,
        protocol: PROTOCOLS[protocol],
        endpoint,
        filterPolicy,
      });
    });
  }
}
