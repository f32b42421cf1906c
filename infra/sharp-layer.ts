import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { SharpLayerNotBuilt } from './errors';

/** Where `npm run build:sharp-layer` installs sharp, in a layer's `nodejs/node_modules` layout. */
export const SHARP_LAYER_DIR = path.join(__dirname, 'layers', 'sharp');

/**
 * The files a working layer cannot do without on Lambda's Linux on arm64: sharp itself, its
 * native binding (named with sharp's version, e.g. sharp-linux-arm64-0.35.5.node) and the libvips
 * it links. Each is looked for by pattern so a new sharp version needs no change here.
 */
const REQUIRED: readonly { readonly dir: string; readonly file: RegExp; readonly describe: string }[] = [
  { dir: 'nodejs/node_modules/sharp', file: /^package\.json$/, describe: 'sharp/package.json' },
  {
    dir: 'nodejs/node_modules/@img/sharp-linux-arm64/lib',
    file: /^sharp-linux-arm64.*\.node$/,
    describe: '@img/sharp-linux-arm64/lib/sharp-linux-arm64*.node',
  },
  {
    dir: 'nodejs/node_modules/@img/sharp-libvips-linux-arm64/lib',
    file: /^libvips-cpp\.so/,
    describe: '@img/sharp-libvips-linux-arm64/lib/libvips-cpp.so*',
  },
];

/** Throws SharpLayerNotBuilt naming the first file the layer folder lacks. */
export function assertSharpLayerBuilt(layerDir: string = SHARP_LAYER_DIR): void {
  for (const { dir, file, describe } of REQUIRED) {
    const folder = path.join(layerDir, dir);
    const found = existsSync(folder) && readdirSync(folder).some((name) => file.test(name));
    if (!found) throw new SharpLayerNotBuilt(path.join(layerDir, 'nodejs/node_modules', describe));
  }
}
