import type { Json } from '@myblog/asl';

/**
 * A number as Java's Double.toString writes it, which is how AWS Step Functions Local (a Java
 * program writing its JSON with Jackson) shows a decimal: plain between 10^-3 and 10^7
 * (`0.0051454515`), otherwise in computerised scientific notation with at least one digit after
 * the point (`1.2647535E-4`, `1.0E-7`, `1.23456789E7`). Recorded on Step Functions Local: a
 * mocked Comprehend score of 0.00012647535 came back as `1.2647535E-4` in every event
 * (kenfdev/step-functions-testing, test/helpers/stepfunctions/execution-history-data.ts).
 *
 * Jackson keeps a JSON integer an integer (`200`), and parsing has already forgotten whether a
 * whole number was written `200` or `200.0`, so whole numbers a double holds exactly stay
 * integers here. The digits are the shortest that identify the double, as both JavaScript and
 * Java (since JDK 19) choose them.
 */
export function javaNumberText(value: number): string {
  if (Number.isSafeInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) return String(value);
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  const digits = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${digits}E${Number(exponent)}`;
}

/** JSON text as JSON.stringify writes it, but with numbers written as Java writes doubles. */
export function javaJsonText(value: Json): string {
  if (typeof value === 'number') return javaNumberText(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(javaJsonText).join(',')}]`;
  const fields: string[] = [];
  for (const [key, item] of Object.entries(value))
    fields.push(`${JSON.stringify(key)}:${javaJsonText(item)}`);
  return `{${fields.join(',')}}`;
}
