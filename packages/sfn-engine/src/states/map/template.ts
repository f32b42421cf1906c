import type { StateVisit } from '../../execution/frame';
import type { Json } from '@myblog/asl';
import { compileJsonataTemplate } from '../../query/jsonata/template';
import { compileJsonPathTemplate } from '../../query/jsonpath/payload-template';
import type { QueryLanguage } from '../data-flow';

/** A JSON template in the state's query language (ItemSelector, BatchInput, reader/writer Parameters). */
export type Template = (input: Json, visit: StateVisit) => Json | Promise<Json>;

export function compileTemplate(
  template: Json | undefined,
  language: QueryLanguage,
  field: string,
): Template | undefined {
  if (template === undefined) return undefined;
  if (language === 'JSONata') {
    const compiled = compileJsonataTemplate(template, field);
    return (input, visit) => compiled(visit.jsonataScope({ input }));
  }
  const compiled = compileJsonPathTemplate(template);
  return (input, visit) => compiled(visit.pathScope(input));
}
