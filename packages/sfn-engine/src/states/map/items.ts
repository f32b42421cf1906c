import { invalidPathCause, itemsPathCause, jsonataBody, jsonataTypeCause } from '../../error-causes';
import { StatesQueryEvaluationError, StatesRuntime } from '../../errors';
import type { StateVisit } from '../../execution/frame';
import type { Json, JsonObject } from '@myblog/asl';
import { compileJsonataTemplate } from '../../query/jsonata/template';
import { jsonPath } from '../../query/jsonpath/json-path';
import type { QueryLanguage } from '../data-flow';
import { compileTemplate } from './template';

/** The items of an inline Map, checked to be an array (each query language words it its own way). */
export type ItemsSource = (input: Json, visit: StateVisit) => Json[] | Promise<Json[]>;

/** The input of one iteration or child execution: the item, or what ItemSelector makes of it. */
export type ItemInput = (input: Json, index: number, value: Json, visit: StateVisit) => Json | Promise<Json>;

/** Items (JSONata) or ItemsPath (JSONPath). */
export function compileItems(def: JsonObject, language: QueryLanguage): ItemsSource {
  if (language === 'JSONata') {
    // Without Items, the items are the state's input, as if Items were `{% $states.input %}`.
    const written = def['Items'] ?? '{% $states.input %}';
    const compiled = compileJsonataTemplate(written, 'Items');
    const expression = jsonataBody(typeof written === 'string' ? written : JSON.stringify(written));
    return async (input, visit) => {
      const items = await compiled(visit.jsonataScope({ input }));
      if (!Array.isArray(items))
        throw new StatesQueryEvaluationError(jsonataTypeCause(expression, 'Items', 'array', items), 'Items');
      return items;
    };
  }
  const pathText = typeof def['ItemsPath'] === 'string' ? def['ItemsPath'] : '$';
  const path = jsonPath(pathText);
  return (input, visit) => {
    const value = path.evaluate(visit.pathScope(input));
    if (value === undefined) throw new StatesRuntime(invalidPathCause(pathText, path.path.segments));
    if (!Array.isArray(value)) throw new StatesRuntime(itemsPathCause(pathText, value));
    return value;
  };
}

/** ItemSelector (or, in JSONPath, the older Parameters), evaluated with the item in the context. */
export function compileItemInput(def: JsonObject, language: QueryLanguage): ItemInput | undefined {
  const selector = compileTemplate(
    def['ItemSelector'] ?? (language === 'JSONPath' ? def['Parameters'] : undefined),
    language,
    'ItemSelector',
  );
  if (selector === undefined) return undefined;
  return (input, index, value, visit) => selector(input, visit.forItem({ index, value }));
}

/** One item's input: the item itself without an ItemSelector. */
export function itemInputOf(
  selector: ItemInput | undefined,
  input: Json,
  index: number,
  value: Json,
  visit: StateVisit,
): Json | Promise<Json> {
  return selector === undefined ? value : selector(input, index, value, visit);
}

/** Every item's input, in order (a distributed Map's children, TestState's inspection). */
export async function itemInputs(
  selector: ItemInput | undefined,
  input: Json,
  items: readonly Json[],
  visit: StateVisit,
): Promise<Json[]> {
  const inputs: Json[] = [];
  for (const [index, value] of items.entries())
    inputs.push(await itemInputOf(selector, input, index, value, visit));
  return inputs;
}
