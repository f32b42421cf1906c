// The regex sandbox's worker thread (see sandbox.ts). Plain JavaScript, so it starts the same
// under tsx, jest and the bin script, none of which would compile TypeScript for a worker.
import { workerData } from 'node:worker_threads';

const { port, state } = workerData;
// The states of sandbox.ts.
const BOOTING = 0;
const READY = 1;
const RUNNING = 3;
const DONE = 4;
const compiled = new Map();

function regexFor(source, flags) {
  const key = `${flags}/${source}`;
  let regex = compiled.get(key);
  if (regex === undefined) {
    regex = new RegExp(source, flags);
    if (compiled.size > 100) compiled.clear();
    compiled.set(key, regex);
  }
  return regex;
}

// Runs exec as a caller would, one match after another from `from`, and reports each with the
// lastIndex it was searched from: the caller then serves its next exec calls without coming back.
function run({ source, flags, text, from, limit }) {
  const regex = regexFor(source, flags);
  const repeats = regex.global || regex.sticky;
  const matches = [];
  regex.lastIndex = from;
  for (;;) {
    const start = regex.lastIndex;
    const match = regex.exec(text);
    if (match === null) {
      matches.push({ from: start, match: null, lastIndex: repeats ? 0 : start });
      break;
    }
    matches.push({ from: start, match: Array.from(match), index: match.index, lastIndex: regex.lastIndex });
    // A non-global regex ignores lastIndex; an empty match would be found again from the same
    // place; a cap keeps one reply small.
    if (!repeats || match[0] === '' || matches.length >= limit) break;
  }
  return matches;
}

port.on('message', (request) => {
  // Woken here, the caller starts the budget's clock: the time this thread took to boot or to
  // receive the request is not the pattern's.
  Atomics.store(state, 0, RUNNING);
  Atomics.notify(state, 0);
  let reply;
  try {
    reply = { matches: run(request) };
  } catch (error) {
    reply = { error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
  Atomics.store(state, 0, DONE);
  Atomics.notify(state, 0);
});

// Booted: ready for requests, unless one was already sent while this thread booted.
Atomics.compareExchange(state, 0, BOOTING, READY);
Atomics.notify(state, 0);
