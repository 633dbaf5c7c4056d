import { UserError } from '../core/errors';
import { checkCreateRequest } from '../livy/create-request';
import { ICreateSessionRequest } from '../livy/types';

const UNCHANGED = 'Nothing was changed: the session and its settings are as before.';

/** Line and column (1-based) of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * The JSON body of %%configure as a Livy create-session request, checked field by field so a
 * mistake is reported here, in the cell, rather than as a 400 from Livy after the old session is gone.
 */
export function parseConfigureBody(body: string, bodyLine: number): ICreateSessionRequest {
  if (body.trim() === '') {
    throw new UserError('%%configure needs a JSON object below the magic line, for example {"driverMemory": "2g", "conf": {"spark.sql.shuffle.partitions": "64"}}.');
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const where = position ? (({ line, column }) => ` at cell line ${line + bodyLine}, column ${column}`)(lineAndColumn(body, Number(position[1]))) : '';
    throw new UserError(`The %%configure body is not valid JSON${where}: ${message.replace(/ in JSON at position \d+.*$/s, '')}. ${UNCHANGED}`);
  }
  const checked = checkCreateRequest(value);
  if ('problem' in checked) {
    throw new UserError(`The %%configure body ${checked.problem}. ${UNCHANGED}`);
  }
  return checked.request;
}
