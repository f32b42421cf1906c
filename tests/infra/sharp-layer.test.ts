import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { readDeploymentSettings, stackName } from '../../infra/deployment-settings';
import { PipelineStack } from '../../infra/pipeline-stack';
import { assertSharpLayerBuilt } from '../../infra/sharp-layer';
import { pipeline } from '../../topology/pipeline';
import { CDK_JSON_CONTEXT } from './synthesize';

/** A layer folder holding the given files (empty: only their names are checked). */
function layerWith(files: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'sharp-layer-'));
  for (const file of files) {
    const path = join(dir, 'nodejs', 'node_modules', file);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '');
  }
  return dir;
}

const BUILT = [
  'sharp/package.json',
  '@img/sharp-linux-arm64/lib/sharp-linux-arm64-0.35.5.node',
  '@img/sharp-libvips-linux-arm64/lib/libvips-cpp.so.8.18.7',
];

test('a layer folder with sharp, its linux-arm64 binding and libvips is accepted', () => {
  expect(() => assertSharpLayerBuilt(layerWith(BUILT))).not.toThrow();
});

test('a layer folder with sharp built for another platform is refused, naming the missing binding and the command', () => {
  const x64 = layerWith(['sharp/package.json', '@img/sharp-linux-x64/lib/sharp-linux-x64-0.35.5.node']);
  expect(() => assertSharpLayerBuilt(x64)).toThrow(
    expect.objectContaining({
      name: 'SharpLayerNotBuilt',
      message: expect.stringMatching(/sharp-linux-arm64.*npm run build:sharp-layer/s),
    }),
  );
});

test('a synth that bundles (one that can be deployed) stops at an unbuilt layer, before bundling anything', () => {
  const app = new App({ context: CDK_JSON_CONTEXT });
  const settings = { ...readDeploymentSettings(() => undefined, pipeline), sharpLayerDir: layerWith([]) };
  const started = Date.now();
  expect(() => new PipelineStack(app, stackName(settings), pipeline, { settings })).toThrow(
    expect.objectContaining({ name: 'SharpLayerNotBuilt' }),
  );
  // esbuild is not reached: bundling fifteen functions takes far longer than this.
  expect(Date.now() - started).toBeLessThan(20_000);
});
