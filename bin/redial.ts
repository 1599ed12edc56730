#!/usr/bin/env node
import { buildRedialApp, isConfigFileError } from '../lib/redial-app';

try {
  buildRedialApp();
} catch (error) {
  if (!isConfigFileError(error)) throw error;
  // The message names the file and each bad field; a stack trace would only bury it. Exiting at once
  // also keeps the App from synthesizing on the way out.
  console.error(error.message);
  process.exit(1);
}
