#!/usr/bin/env node
// `redial <command>`: the CLI is TypeScript, compiled on the fly by tsx so that it needs no build step.

function start() {
  try {
    require('tsx/cjs/api').register();
    return require('../tools/cli/redial-cli.ts').main;
  } catch (error) {
    // Node's own crash status is 1, which would read as "findings"; 2 is "could not run".
    console.error(`redial: cannot start: ${error.message}`);
    process.exit(2);
  }
}

start()(process.argv.slice(2)).then((code) => {
  // exitCode rather than exit(): piped stdout drains before Node quits.
  process.exitCode = code;
});
