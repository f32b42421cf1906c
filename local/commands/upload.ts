/** `npm run upload -- <image file>`: puts the file in the uploads bucket under photos/, which starts the thumbnail workflow. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { uploadPhoto } from '../demo/events';
import { connect, usage } from './connect';

const [file] = process.argv.slice(2);
if (file === undefined) usage('npm run upload -- <image file>');
let body: Buffer;
try {
  body = readFileSync(file);
} catch (error) {
  console.error(`Cannot read ${file}: ${(error as Error).message}`);
  process.exit(1);
}
const { info, clients } = connect();
void uploadPhoto(clients, info.resources, basename(file), body).then((key) => {
  console.log(
    `Uploaded s3://${info.resources.buckets.uploads}/${key}: thumbnails go to s3://${info.resources.buckets.thumbnails}/thumbnails/.`,
  );
  clients.destroy();
});
