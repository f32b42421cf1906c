/** `npm run upload -- <image file>`: uploads through the blog API's presigned URL, which starts the thumbnail workflow. */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { uploadThroughApi } from '../demo/events';
import { connect, usage } from './connect';

const TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.heic': 'image/heic',
};

const [file] = process.argv.slice(2);
if (file === undefined) usage('npm run upload -- <image file>');
let body: Buffer;
try {
  body = readFileSync(file);
} catch (error) {
  console.error(`Cannot read ${file}: ${(error as Error).message}`);
  process.exit(1);
}
const contentType = TYPES[extname(file).toLowerCase()];
if (contentType === undefined) {
  console.error(`${file}: the API takes ${Object.keys(TYPES).join(', ')} files`);
  process.exit(1);
}
const { info, clients } = connect();
clients.destroy();
uploadThroughApi(info.apiUrl, body, contentType).then(
  ({ photoId, key, putStatus }) => {
    if (putStatus !== 200) {
      console.error(`S3 refused the upload (HTTP ${putStatus})`);
      process.exitCode = 1;
      return;
    }
    console.log(`Uploaded ${key}. Its thumbnails: ${info.apiUrl}/photos/${photoId}`);
  },
  (error: unknown) => {
    console.error((error as Error).message);
    process.exitCode = 1;
  },
);
