import jsonata from 'jsonata';
import { AWS_JSONATA_FUNCTIONS } from '../jsonata/aws-functions';

type AstNode = { [key: string]: unknown };

const isNode = (value: unknown): value is AstNode => typeof value === 'object' && value !== null;

/** Variables an expression reads but does not bind itself (`:=`, lambda parameters, `@$x`, `#$i`). */
export function freeVariables(expression: string): Set<string> {
  const used = new Set<string>();
  const bound = new Set<string>();
  const visit = (node: unknown, key?: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child) => visit(child));
      return;
    }
    if (!isNode(node)) return;
    if (node['type'] === 'variable' && typeof node['value'] === 'string' && key !== 'procedure')
      used.add(node['value']);
    if (node['type'] === 'bind' && isNode(node['lhs']) && typeof node['lhs']['value'] === 'string')
      bound.add(node['lhs']['value']);
    if (node['type'] === 'lambda' && Array.isArray(node['arguments'])) {
      for (const argument of node['arguments'])
        if (isNode(argument) && typeof argument['value'] === 'string') bound.add(argument['value']);
    }
    for (const name of ['focus', 'index'])
      if (typeof node[name] === 'string') bound.add(node[name] as string);
    for (const [childKey, child] of Object.entries(node)) if (isNode(child)) visit(child, childKey);
  };
  visit(jsonata(expression).ast());
  for (const name of bound) used.delete(name);
  used.delete('');
  used.delete('states');
  return used;
}

/** JSONata's own function library (docs.jsonata.org, "Function library"). */
const JSONATA_FUNCTIONS = new Set(
  (
    'string length substring substringBefore substringAfter uppercase lowercase trim pad contains split join match replace eval ' +
    'base64encode base64decode encodeUrlComponent encodeUrl decodeUrlComponent decodeUrl number abs floor ceil round power sqrt ' +
    'random formatNumber formatBase formatInteger parseInteger sum max min average boolean not exists count append sort reverse ' +
    'shuffle distinct zip keys lookup spread merge sift each error assert type now millis fromMillis toMillis map filter single reduce clone'
  ).split(' '),
);
const AWS_NAMES = new Set(AWS_JSONATA_FUNCTIONS.map((fn) => fn.name));

/** True for JSONata's own functions ($sum, $string, ...) and AWS's additions, which are not variables. */
export function isFunctionName(name: string): boolean {
  return JSONATA_FUNCTIONS.has(name) || AWS_NAMES.has(name);
}
