import type { CfnElement } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RedialStack } from '../../lib/redial-stack';

type Json = Record<string, any>;

/** The ID in the template, overrides included (the table's and the secret's are pinned). */
const logicalIdOf = (stack: RedialStack, element: unknown): string =>
  stack.resolve((element as CfnElement).logicalId);

/** The stack's resources a function may be granted, by the name the grants are read with. */
function resourceNames(stack: RedialStack): Map<string, string> {
  const named: Record<string, { node: { defaultChild?: unknown } }> = {
    table: stack.callTable.table,
    'dial-outcomes queue': stack.recorder.dialOutcomes.queue,
    'missed-calls queue': stack.alerts.missedCalls.queue,
    'alert topic': stack.alerts.topic,
    'twilio secret': stack.twilioAccount.credentials,
  };
  return new Map(
    Object.entries(named).map(([name, construct]) => [logicalIdOf(stack, construct.node.defaultChild), name]),
  );
}

/** A policy's resource as a reader says it: `table/index/byDueTime`, `dial-outcomes queue`, `*`. */
function resourceName(resource: unknown, names: Map<string, string>): string {
  if (typeof resource === 'string') return resource;
  const value = resource as Json;
  const id = value.Ref ?? value['Fn::GetAtt']?.[0];
  if (id !== undefined) return names.get(id) ?? `<${id}>`;
  if (value['Fn::Join'])
    return value['Fn::Join'][1].map((part: unknown) => resourceName(part, names)).join('');
  return JSON.stringify(resource);
}

/**
 * Everything the function's role may do, from the synthesized template: each `action on resource`
 * of every inline policy attached to it, and each managed policy by name. Sorted, so a test can pin
 * the exact list and fail on a grant that widens (a new action, a new resource, a wildcard).
 */
export function functionGrants(stack: RedialStack, template: Template, fn: IFunction): string[] {
  const roleId = logicalIdOf(stack, fn.role?.node.defaultChild);
  const names = resourceNames(stack);
  const resources = template.toJSON().Resources as Json;
  const role = resources[roleId].Properties;
  const statements = Object.values(resources)
    .filter((r: Json) => r.Type === 'AWS::IAM::Policy')
    .filter((r: Json) => r.Properties.Roles.some((ref: Json) => ref.Ref === roleId))
    .flatMap((r: Json) => r.Properties.PolicyDocument.Statement)
    .concat((role.Policies ?? []).flatMap((p: Json) => p.PolicyDocument.Statement));
  const grants = statements.flatMap((statement: Json) => {
    // Anything but an unconditional Allow would need reading on its own: say so.
    if (statement.Effect !== 'Allow' || statement.Condition) throw new Error(JSON.stringify(statement));
    return [statement.Action]
      .flat()
      .flatMap((action: string) =>
        [statement.Resource].flat().map((resource) => `${action} on ${resourceName(resource, names)}`),
      );
  });
  const managed = (role.ManagedPolicyArns ?? []).map(
    (arn: Json) => `managed ${arn['Fn::Join'][1].at(-1).replace(/^.*\//, '')}`,
  );
  return [...new Set([...grants, ...managed])].sort();
}
