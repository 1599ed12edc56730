#!/usr/bin/env node
// `redial <command>` (and `npm start`, `npm run call`): the program is TypeScript, compiled on the
// fly by tsx so that it needs no build step.

function load() {
  try {
    require('tsx/cjs/api').register();
    return require('./redial-command.ts').main;
  } catch (error) {
    // Node's own crash status is 1, which would read as "findings"; 2 is "could not run".
    console.error(`redial: cannot start: ${error.message}`);
    process.exit(2);
  }
}

/**
 * Exits once what was printed has been written: a command is done when its action is (`redial
 * start` once its stack has stopped), whatever timers or sockets are left open.
 */
function exit(code) {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

load()(process.argv.slice(2)).then(exit, (error) => {
  // The frame reports every error itself; this is a bug in it.
  console.error(`redial: ${error instanceof Error ? error.message : String(error)}`);
  exit(2);
});
