import { CommTargetHandler } from '../core/comm-manager';
import { Logger } from '../log';
import { JsonObject } from '../protocol/messages';
import { SqlResultSettings } from './result-settings';

const log = new Logger('settings');

/**
 * The kernel's end of the `emr-livy.settings` comm: the open message and every later one carry
 * the user's JupyterLab settings; each is answered with the settings in force and any refusals.
 */
export function settingsCommTarget(settings: SqlResultSettings): CommTargetHandler {
  return (comm, data) => {
    const answer = (message: unknown): void => {
      const reply = settings.apply(message);
      if (reply.problems.length > 0) {
        log.warn(`JupyterLab sent SQL result settings the kernel refused: ${reply.problems.join('; ')}.`);
      }
      comm.send(reply as unknown as JsonObject);
    };
    answer(data);
    return { onMessage: message => answer(message) };
  };
}
