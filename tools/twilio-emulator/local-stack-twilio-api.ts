import { Option } from 'commander';
import { checkCallbackFlags } from './callback-options';
import { AGENT_OUTCOMES, CUSTOMER_OUTCOMES } from './callback-script';
import { startTwilioRestEmulator, type TwilioRestEmulator } from './twilio-rest-emulator';

/** The values of the emulator's options on `redial start`, as commander gives them. */
export type TwilioEmulatorValues = { callbackAgent?: string; callbackCustomer?: string };

const GROUP = "Twilio emulator (plays the callback worker's calls):";

/**
 * The Twilio REST emulator as `redial start` hands it to the local stack: the options that script
 * the callback calls no `redial call --callback-*` scripted, and, from their values, the starter the
 * local stack calls with its account.
 */
export function twilioEmulatorForLocalStack() {
  return {
    options: [
      new Option(
        '--callback-agent <a,b>',
        `what the agent does on successive callback calls; the last entry repeats (default: answer): ${AGENT_OUTCOMES.join('|')}`,
      ).helpGroup(GROUP),
      new Option(
        '--callback-customer <a,b>',
        `what the customer does when an answered callback dials them (default: answer): ${CUSTOMER_OUTCOMES.join('|')}`,
      ).helpGroup(GROUP),
    ],
    starter(values: TwilioEmulatorValues) {
      // Checked like a script posted by `redial call`: a typo fails the start, naming the option.
      const defaults = checkCallbackFlags({
        agent: (values.callbackAgent ?? 'answer').split(','),
        customer: (values.callbackCustomer ?? 'answer').split(','),
      });
      return (
        account: { accountSid: string; authToken: string },
        log: (line: string) => void,
      ): Promise<TwilioRestEmulator> => startTwilioRestEmulator({ ...account, defaults, log });
    },
  };
}
