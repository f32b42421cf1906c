import { fromSdkOutput } from '../../../packages/stepfunctions-local/src/integrations/sdk-values';
import { toWire } from '../../../packages/stepfunctions-local/src/wire';

// Keys come from data (a DynamoDB attribute, a field of an execution's output): one named
// __proto__ must stay a key, not become the new object's prototype.
describe('a key named __proto__ in data', () => {
  const data = (): Record<string, unknown> =>
    JSON.parse('{"Item": {"__proto__": {"S": "x"}}}') as Record<string, unknown>;

  it('is kept by an SDK integration output', async () => {
    expect(JSON.stringify(await fromSdkOutput(data()))).toBe('{"Item":{"__proto__":{"S":"x"}}}');
  });

  it('is kept in what the API answers', () => {
    expect(JSON.stringify(toWire(data()))).toBe('{"Item":{"__proto__":{"S":"x"}}}');
  });
});
