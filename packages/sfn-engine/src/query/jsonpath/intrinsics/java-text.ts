import { type Json, isObject } from '@myblog/asl';

/**
 * A value written as the service's intrinsics write it into text: the way Java writes its maps
 * and lists, not as JSON. States.Format('{}', $.o) with `{"Arg1": 1, "Arg2": []}` gives
 * `{Arg1=1, Arg2=[]}` (LocalStack's test_generic snapshot, recorded on AWS); strings inside are
 * not quoted, null is `null`.
 */
export function javaText(value: Json): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(javaText).join(', ')}]`;
  if (isObject(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}=${javaText(item)}`)
      .join(', ')}}`;
  }
  return String(value);
}
