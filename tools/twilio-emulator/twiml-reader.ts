import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One TwiML element: a verb such as `<Dial>`, or a noun nested in one such as `<Sip>`. */
export interface TwimlVerb {
  name: string;
  attributes: Record<string, string>;
  /** The element's own text (a `<Say>` sentence, a `<Play>` URL, a bare `<Dial>` number), trimmed. */
  text: string;
  children: TwimlVerb[];
}

/** The answer was not a TwiML document Twilio could run. */
export class TwimlError extends Error {}

/** A node as fast-xml-parser gives it with `preserveOrder`: `{ Tag: children, ':@': attributes }`. */
type OrderedNode = Record<string, unknown>;

const ATTRIBUTES_KEY = ':@';
const TEXT_KEY = '#text';

// Verb order matters (it is the call flow), so the parser keeps document order; values stay
// strings because TwiML digits such as "0123" are not numbers.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Parses a TwiML voice document into the verbs inside its `<Response>`, in order. */
export function readTwiml(body: string): TwimlVerb[] {
  const validation = XMLValidator.validate(body);
  if (validation !== true) {
    const { msg, line } = validation.err;
    throw new TwimlError(`not well-formed XML (line ${line}): ${msg}`);
  }
  const roots = (parser.parse(body) as OrderedNode[]).map(toVerb).filter((node) => node.name !== '');
  const response = roots.find((node) => node.name === 'Response');
  if (roots.length !== 1 || !response) {
    const found = roots.map((node) => `<${node.name}>`).join(', ') || 'nothing';
    throw new TwimlError(`expected one <Response> root element, found ${found}`);
  }
  return response.children;
}

function toVerb(node: OrderedNode): TwimlVerb {
  const name = Object.keys(node).find((key) => key !== ATTRIBUTES_KEY) ?? '';
  if (name === TEXT_KEY) return { name: '', attributes: {}, text: String(node[TEXT_KEY]), children: [] };
  const content = (node[name] as OrderedNode[] | undefined) ?? [];
  const nodes = content.map(toVerb);
  return {
    name,
    attributes: (node[ATTRIBUTES_KEY] as Record<string, string> | undefined) ?? {},
    text: nodes
      .filter((child) => child.name === '')
      .map((child) => child.text)
      .join(' ')
      .trim(),
    children: nodes.filter((child) => child.name !== ''),
  };
}
