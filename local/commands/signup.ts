/** `npm run signup -- <email> <name> [locale]`: a sign-up through the blog API, as the site's form sends it. */
import { subscribe } from '../demo/events';
import { connect, usage } from './connect';

const [email, name, locale] = process.argv.slice(2);
if (email === undefined || name === undefined) usage('npm run signup -- <email> <name> [locale]');
const { info, clients } = connect();
clients.destroy();
void subscribe(info.apiUrl, email, name, locale).then((answer) => {
  if (answer.status === 202) {
    console.log(
      `Signed up ${email}: the welcome-email workflow starts from the table's stream (${info.stepFunctionsEndpoint}).`,
    );
    return;
  }
  console.error(
    `The API answered ${answer.status}: ${String(answer.body['detail'] ?? JSON.stringify(answer.body))}`,
  );
  process.exitCode = 1;
});
