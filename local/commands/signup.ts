/** `npm run signup -- <email> <name> [locale]`: a sign-up row in the subscribers table, as the blog's form writes it. */
import { signUp } from '../demo/events';
import { connect, usage } from './connect';

const [email, name, locale] = process.argv.slice(2);
if (email === undefined || name === undefined) usage('npm run signup -- <email> <name> [locale]');
const { info, clients } = connect();
void signUp(clients, info.resources, email, name, locale).then(() => {
  console.log(
    `Signed up ${email}: the welcome-email workflow starts from the table's stream (${info.stepFunctionsEndpoint}).`,
  );
  clients.destroy();
});
