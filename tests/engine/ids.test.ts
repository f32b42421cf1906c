import { flat, newId } from '../../packages/sfn-engine/src/api/ids';

describe('ids', () => {
  test('flat gives back the very text it was given, a concatenated one included', () => {
    const built = ['arn', 'aws', 'states', 'us-east-1'].reduce((text, part) => `${text}:${part}`);
    expect(flat(built)).toBe('arn:aws:states:us-east-1');
    expect(flat('')).toBe('');
  });

  test('newId makes a different version 4 UUID each time', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newId()));
    expect(ids.size).toBe(100);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
