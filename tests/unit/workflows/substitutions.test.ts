import {
  applySubstitutions,
  MissingSubstitutionError,
  placeholdersIn,
} from '../../../packages/asl/src/substitutions';

test('finds every ${Name} placeholder once', () => {
  expect(placeholdersIn('{"a":"${One}","b":"${Two}","c":"${One}"}')).toEqual(new Set(['One', 'Two']));
});

test('replaces placeholders with their values, escaped for JSON', () => {
  const text = applySubstitutions('{"a":"${Arn}"}', { Arn: 'arn:aws:lambda:x "quoted"' });
  expect(JSON.parse(text)).toEqual({ a: 'arn:aws:lambda:x "quoted"' });
});

test('refuses to leave a placeholder unresolved, naming it', () => {
  expect(() => applySubstitutions('{"a":"${Arn}","b":"${Other}"}', { Arn: 'x' })).toThrow(
    new MissingSubstitutionError(['Other']),
  );
});
