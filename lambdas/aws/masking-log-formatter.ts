import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { maskDeep, maskPhoneNumbers } from '../domain/phone-masking';

/**
 * Powertools' standard JSON log shape with every phone number masked (see domain/phone-masking):
 * callers' numbers reach logs through messages, attributes, Twilio payloads and error text, and
 * masking at the one place every line passes through beats remembering it at each call site.
 */
export class MaskingLogFormatter extends LogFormatter {
  /**
   * The same keys as Powertools' own PowertoolsLogFormatter, which the package does not export,
   * so the masked lines look exactly like the unmasked ones would.
   */
  public formatAttributes(
    attributes: UnformattedAttributes,
    additionalLogAttributes: LogAttributes,
  ): LogItem {
    const base: LogAttributes = {
      level: attributes.logLevel,
      message: maskPhoneNumbers(attributes.message),
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: attributes.lambdaContext?.coldStart,
      function_arn: attributes.lambdaContext?.invokedFunctionArn,
      function_memory_size: attributes.lambdaContext?.memoryLimitInMB,
      function_name: attributes.lambdaContext?.functionName,
      function_request_id: attributes.lambdaContext?.awsRequestId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
      tenant_id: attributes.lambdaContext?.tenantId,
    };
    return new LogItem({ attributes: base }).addAttributes(
      maskDeep(additionalLogAttributes) as LogAttributes,
    );
  }

  /**
   * Powertools turns Errors into objects only while serialising, after formatAttributes. maskDeep
   * has already masked the Errors it saw; this also covers any that appear later (a custom
   * jsonReplacerFn, say), so no error text is ever written unmasked.
   */
  public formatError(error: Error): LogAttributes {
    return maskDeep(super.formatError(error)) as LogAttributes;
  }
}
