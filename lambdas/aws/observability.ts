import { Logger } from '@aws-lambda-powertools/logger';
import { MaskingLogFormatter } from './masking-log-formatter';

/**
 * One structured logger per function (service name and sampling come from the environment).
 * Every line goes through the masking formatter: callers' phone numbers never appear in full.
 */
export const logger = new Logger({ logFormatter: new MaskingLogFormatter() });
