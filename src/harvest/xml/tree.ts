import { SaxesParser, type SaxesTagNS } from 'saxes';

/** An XML element as a small tree: namespace-aware, addressed by local names. */
export interface XmlElement {
  /** Local name, e.g. `lom`. */
  name: string;
  /** Qualified name as written, e.g. `czp:lom`. */
  qname: string;
  /** Namespace URI ('' when none). */
  uri: string;
  /** Attributes by qualified name as written (`xml:lang`, `rdf:about`, `lido:type`). */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (text and CDATA directly inside it), not trimmed. */
  text: string;
  /** Namespace declarations made on this element (prefix → URI). */
  declarations: Record<string, string>;
}

/** A stable error for XML we refuse or cannot read. */
export class XmlError extends Error {
  constructor(
    readonly code: 'LG_XML_DTD' | 'LG_XML_MALFORMED' | 'LG_XML_TOO_DEEP',
    message: string,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 256;
const NO_DECLARATIONS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NON_WHITESPACE = /\S/;

/**
 * Streams an XML document and hands every element for which `select` is true to `onElement` as a
 * tree, without keeping the rest of the document: memory stays bounded by the largest selected
 * element. Documents with a DTD are refused (no entity expansion, no external entities).
 * Returns the root element's name and namespace.
 */
export async function streamElements(
  input: string | AsyncIterable<string> | Iterable<string>,
  select: (name: string, uri: string, depth: number, path: string[]) => boolean,
  onElement: (element: XmlElement, inScope: Record<string, string>) => void | Promise<void>,
): Promise<{ rootName: string | null; rootUri: string | null }> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  const path: string[] = [];
  const scopes: Record<string, string>[] = [{}];
  let capture: { root: XmlElement; depth: number; scope: Record<string, string> } | null = null;
  let rootName: string | null = null;
  let rootUri: string | null = null;
  let failure: Error | null = null;
  const ready: { element: XmlElement; scope: Record<string, string> }[] = [];

  parser.on('doctype', () => {
    throw new XmlError(
      'LG_XML_DTD',
      'XML with a document type declaration (DTD) is refused: entities are not expanded for safety.',
    );
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const depth = path.length;
    if (depth >= MAX_DEPTH)
      throw new XmlError('LG_XML_TOO_DEEP', `XML nested deeper than ${MAX_DEPTH} elements is refused.`);
    let declarations: Record<string, string> = NO_DECLARATIONS;
    for (const prefix in tag.ns) {
      if (declarations === NO_DECLARATIONS) declarations = {};
      declarations[prefix] = tag.ns[prefix]!;
    }
    const scope = declarations === NO_DECLARATIONS ? scopes.at(-1)! : { ...scopes.at(-1)!, ...declarations };
    scopes.push(scope);
    path.push(tag.local);
    if (depth === 0) {
      rootName = tag.local;
      rootUri = tag.uri;
    }
    if (!capture && select(tag.local, tag.uri, depth, path)) {
      const root = element(tag, declarations);
      capture = { root, depth, scope };
      stack.push(root);
      return;
    }
    if (capture) {
      const el = element(tag, declarations);
      stack.at(-1)!.children.push(el);
      stack.push(el);
    }
  });
  parser.on('text', (text) => {
    // Whitespace between elements (pretty printing) carries nothing: skip it, it is most of the garbage.
    if (capture && NON_WHITESPACE.test(text)) stack.at(-1)!.text += text;
  });
  parser.on('cdata', (text) => {
    if (capture) stack.at(-1)!.text += text;
  });
  parser.on('closetag', () => {
    path.pop();
    scopes.pop();
    if (!capture) return;
    stack.pop();
    if (stack.length === 0) {
      // An element that was still open when the document broke (an undefined entity inside it, a
      // character XML does not allow) is not handed out: what follows an error is not trusted.
      if (!failure) ready.push({ element: capture.root, scope: capture.scope });
      capture = null;
    }
  });
  parser.on('error', (error) => {
    failure ??= error instanceof XmlError ? error : new XmlError('LG_XML_MALFORMED', `Malformed XML: ${error.message}`);
  });

  const write = async (chunk: string) => {
    try {
      parser.write(chunk);
    } catch (error) {
      failure ??=
        error instanceof XmlError
          ? error
          : new XmlError('LG_XML_MALFORMED', `Malformed XML: ${(error as Error).message}`);
    }
    while (ready.length > 0) {
      const next = ready.shift()!;
      await onElement(next.element, next.scope);
    }
    if (failure) throw failure;
  };
  if (typeof input === 'string') await write(input);
  else for await (const chunk of input) await write(chunk);
  try {
    parser.close();
  } catch (error) {
    failure ??= new XmlError('LG_XML_MALFORMED', `Malformed XML: ${(error as Error).message}`);
  }
  while (ready.length > 0) {
    const next = ready.shift()!;
    await onElement(next.element, next.scope);
  }
  if (failure) throw failure;
  if (!rootName) throw new XmlError('LG_XML_MALFORMED', 'Malformed XML: the document has no root element.');
  return { rootName, rootUri };
}

function element(tag: SaxesTagNS, declarations: Record<string, string>): XmlElement {
  const attributes: Record<string, string> = {};
  for (const key in tag.attributes) {
    const attribute = tag.attributes[key]!;
    if (attribute.prefix === 'xmlns' || attribute.name === 'xmlns') continue;
    attributes[attribute.name] = attribute.value;
  }
  return { name: tag.local, qname: tag.name, uri: tag.uri, attributes, children: [], text: '', declarations };
}

/** Parses a whole (small) document into one tree. */
export async function parseXml(input: string): Promise<XmlElement> {
  let root: XmlElement | null = null;
  await streamElements(
    input,
    (_n, _u, depth) => depth === 0,
    (el) => {
      root = el;
    },
  );
  return root!;
}

/** The first child with one of the local names; with several names, walks a path of children. */
export function child(el: XmlElement | null | undefined, ...path: string[]): XmlElement | null {
  let current: XmlElement | null | undefined = el;
  for (const name of path) {
    current = current?.children.find((c) => c.name === name);
    if (!current) return null;
  }
  return current ?? null;
}

/** All children with a local name. */
export function children(el: XmlElement | null | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** All descendants with a local name, in document order. */
export function descendants(el: XmlElement | null | undefined, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (node: XmlElement) => {
    for (const c of node.children) {
      if (c.name === name) found.push(c);
      walk(c);
    }
  };
  if (el) walk(el);
  return found;
}

/** All text inside an element, whitespace normalised (pretty-printed values come out clean). */
export function textOf(el: XmlElement | null | undefined): string {
  if (!el) return '';
  const parts: string[] = [];
  const walk = (node: XmlElement) => {
    parts.push(node.text);
    for (const c of node.children) walk(c);
  };
  walk(el);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** An attribute by its local name, whatever its prefix. */
export function attr(el: XmlElement | null | undefined, localName: string): string | null {
  if (!el) return null;
  for (const [name, value] of Object.entries(el.attributes)) {
    if (name === localName || name.endsWith(`:${localName}`)) return value;
  }
  return null;
}

function escapeXml(value: string, attribute = false): string {
  if (!/[&<>"]/.test(value)) return value;
  const escaped = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attribute ? escaped.replace(/"/g, '&quot;') : escaped;
}

/**
 * Serialises an element back to XML, declaring on its root every namespace in scope, so the
 * kept raw record stands on its own.
 */
export function serializeXml(el: XmlElement, inScope: Record<string, string> = {}): string {
  const write = (node: XmlElement, declare: Record<string, string>): string => {
    const attrs = [
      ...Object.entries(declare).map(([p, u]) =>
        p === '' ? ` xmlns="${escapeXml(u, true)}"` : ` xmlns:${p}="${escapeXml(u, true)}"`,
      ),
      ...Object.entries(node.attributes).map(([n, v]) => ` ${n}="${escapeXml(v, true)}"`),
    ].join('');
    const inner = escapeXml(node.text) + node.children.map((c) => write(c, c.declarations)).join('');
    return inner.length === 0 ? `<${node.qname}${attrs}/>` : `<${node.qname}${attrs}>${inner}</${node.qname}>`;
  };
  return write(el, { ...inScope, ...el.declarations });
}
