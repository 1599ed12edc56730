import { Logger } from '@aws-lambda-powertools/logger';

/** One structured logger per function (service name and sampling come from the environment). */
export const logger = new Logger();
