/**
 * Resolves the CloudFormation intrinsics the Redial template uses (Ref, Fn::GetAtt, Fn::Join,
 * Fn::Select, Fn::Split, Fn::Sub) against the physical values of the local resources.
 */

export type Template = { Resources: Record<string, TemplateResource> };
export type TemplateResource = {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
};

export interface PhysicalValues {
  /** Ref value per logical ID or pseudo parameter (AWS::Region …). */
  readonly refs: Record<string, string>;
  /** Attribute values per "LogicalId.Attribute". */
  readonly attributes: Record<string, string>;
}

export class UnresolvableError extends Error {}

function single(value: Record<string, unknown>): [string, unknown] | undefined {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))
    ? [keys[0], value[keys[0]]]
    : undefined;
}

function lookup(table: Record<string, string>, key: string, what: string): string {
  const value = table[key];
  if (value === undefined) throw new UnresolvableError(`The local stack has no value for ${what} ${key}`);
  return value;
}

function substitute(text: string, values: PhysicalValues): string {
  return text.replace(/\$\{([^}]+)\}/g, (_, name: string) =>
    name.includes('.') ? lookup(values.attributes, name, 'attribute') : lookup(values.refs, name, 'Ref'),
  );
}

/** Resolves a property value to plain JSON, throwing for anything the local stack cannot know. */
export function resolveValue(value: unknown, values: PhysicalValues): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, values));
  if (value === null || typeof value !== 'object') return value;
  const intrinsic = single(value as Record<string, unknown>);
  if (!intrinsic) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveValue(item, values)]));
  }
  const [fn, arg] = intrinsic;
  switch (fn) {
    case 'Ref':
      return lookup(values.refs, arg as string, 'Ref');
    case 'Fn::GetAtt': {
      const [id, attribute] = arg as [string, string];
      return lookup(values.attributes, `${id}.${attribute}`, 'attribute');
    }
    case 'Fn::Join': {
      const [separator, parts] = arg as [string, unknown[]];
      return (resolveValue(parts, values) as string[]).join(separator);
    }
    case 'Fn::Select': {
      const [index, list] = arg as [number | string, unknown];
      return (resolveValue(list, values) as unknown[])[Number(index)];
    }
    case 'Fn::Split': {
      const [separator, text] = arg as [string, unknown];
      return (resolveValue(text, values) as string).split(separator);
    }
    case 'Fn::Sub':
      return substitute(typeof arg === 'string' ? arg : (arg as [string])[0], values);
    default:
      throw new UnresolvableError(`The local stack cannot resolve ${fn}`);
  }
}

/** The logical ID a Ref or Fn::GetAtt points at, or undefined for anything else. */
export function referencedId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const intrinsic = single(value as Record<string, unknown>);
  if (!intrinsic) return undefined;
  const [fn, arg] = intrinsic;
  if (fn === 'Ref') return arg as string;
  if (fn === 'Fn::GetAtt') return (arg as [string])[0];
  if (fn === 'Fn::Join') {
    return (arg as [string, unknown[]])[1].map(referencedId).find((id) => id !== undefined);
  }
  return undefined;
}

export function resourcesOfType(template: Template, type: string): [string, TemplateResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}
