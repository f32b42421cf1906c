/**
 * `npm run publish-release -- <folder> [version] [channel]`: uploads every file of the folder as
 * a release (the version defaults to the folder's name), then its manifest, which starts the
 * update-publishing workflow.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { publishRelease } from '../demo/events';
import { connect, usage } from './connect';

const [folder, versionArgument, channel = 'stable'] = process.argv.slice(2);
if (folder === undefined) usage('npm run publish-release -- <folder> [version] [stable|beta]');
if (channel !== 'stable' && channel !== 'beta')
  usage('npm run publish-release -- <folder> [version] [stable|beta]');
const version = versionArgument ?? basename(folder);
const files: Record<string, Buffer> = {};
try {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isFile() && name !== 'manifest.json') files[name] = readFileSync(path);
  }
} catch (error) {
  console.error(`Cannot read the folder ${folder}: ${(error as Error).message}`);
  process.exit(1);
}
if (Object.keys(files).length === 0) {
  console.error(`${folder} has no files to publish.`);
  process.exit(1);
}
const { info, clients } = connect();
void publishRelease(clients, info.resources, version, files, channel).then(() => {
  console.log(
    `Published ${version} (${Object.keys(files).length} files) to s3://${info.resources.buckets.releases}/${version}/: update-publishing starts from its manifest.`,
  );
  clients.destroy();
});
