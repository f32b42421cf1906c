import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The image is built in CodeBuild, not here: these check the Dockerfile's shape.

const dockerfile = readFileSync(
  join(__dirname, '..', '..', '..', 'services', 'update-server', 'Dockerfile'),
  'utf8',
);
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const stages = instructions.filter((line) => /^FROM\s/i.test(line));
const finalStage = instructions.slice(instructions.lastIndexOf(stages[stages.length - 1] as string));

describe('update server Dockerfile', () => {
  test('is multi-stage: the final stage copies only the build output from an earlier one', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(finalStage.some((line) => /^COPY\s+--from=build\b/i.test(line))).toBe(true);
    expect(finalStage.some((line) => /^RUN\s+npm/i.test(line))).toBe(false);
  });

  test('runs as a user that is not root', () => {
    const users = finalStage.filter((line) => /^USER\s/i.test(line));
    expect(users.length).toBeGreaterThan(0);
    const user = (users[users.length - 1] as string).split(/\s+/)[1] as string;
    expect(['root', '0', '0:0']).not.toContain(user);
  });

  test('has a HEALTHCHECK that asks /health', () => {
    const check = finalStage.find((line) => /^HEALTHCHECK\s/i.test(line));
    expect(check).toBeDefined();
    expect(check).toContain('/health');
  });

  test('pins its base images to a tag and pulls them from ECR Public, not Docker Hub', () => {
    for (const from of stages) expect(from).toMatch(/^FROM\s+public\.ecr\.aws\/\S+:\S+/i);
  });
});
