import 'server-only';
import { Parser } from 'htmlparser2';
import { collapseWhitespace } from './text';

/** Element names without their namespace prefix: files may bind the usual namespaces to any prefix. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

export type XmlHandlers = {
  open?: (name: string, attribs: Record<string, string>) => void;
  text?: (text: string) => void;
  close?: (name: string) => void;
};

/**
 * Streams an XML part through `handlers` with local names; entities are decoded. Markup
 * compatibility fallbacks (mc:Fallback) are skipped: they repeat the mc:Choice content for older
 * readers, and reading both would index the same text twice.
 */
export function walkXml(xml: string, handlers: XmlHandlers): void {
  let fallbackDepth = 0;
  const parser = new Parser(
    {
      onopentag: (name, attribs) => {
        if (fallbackDepth > 0 || localName(name) === 'Fallback') fallbackDepth++;
        else handlers.open?.(localName(name), attribs);
      },
      ontext: (text) => {
        if (fallbackDepth === 0) handlers.text?.(text);
      },
      onclosetag: (name) => {
        if (fallbackDepth > 0) fallbackDepth--;
        else handlers.close?.(localName(name));
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
}

/** An attribute by local name, e.g. `r:id` as "id" with prefix check left to the caller. */
export function attribute(attribs: Record<string, string>, local: string, prefixed: boolean): string | undefined {
  for (const [key, value] of Object.entries(attribs)) {
    const hasPrefix = key.includes(':');
    if (hasPrefix === prefixed && localName(key) === local) return value;
  }
  return undefined;
}

export type Relationship = { target: string; type: string };

/** Where part `part`'s relationships live: "a/b/c.xml" → "a/b/_rels/c.xml.rels". */
export function relsPathFor(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target against the folder of the part that refers to it. */
export function resolvePart(sourcePart: string, target: string): string {
  const segments = target.startsWith('/') ? [] : sourcePart.split('/').slice(0, -1);
  for (const segment of target.replace(/^\//, '').split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

/** Relationship id → resolved part name and relationship type, for internal targets only. */
export function parseRelationships(xml: string, sourcePart: string): Map<string, Relationship> {
  const out = new Map<string, Relationship>();
  walkXml(xml, {
    open(name, attribs) {
      if (name !== 'Relationship' || attribs.TargetMode === 'External') return;
      if (attribs.Id && attribs.Target) {
        out.set(attribs.Id, { target: resolvePart(sourcePart, attribs.Target), type: attribs.Type ?? '' });
      }
    },
  });
  return out;
}

/** Title and author from docProps/core.xml, when present. */
export function readCoreProperties(xml: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!xml) return out;
  let field: string | null = null;
  let value = '';
  walkXml(xml, {
    open(name) {
      if (name === 'title' || name === 'creator') [field, value] = [name, ''];
    },
    text(text) {
      if (field) value += text;
    },
    close(name) {
      if (field && name === field) {
        const clean = collapseWhitespace(value);
        if (clean) out[field === 'creator' ? 'author' : 'title'] = clean;
        field = null;
      }
    },
  });
  return out;
}
