/**
 * A Scala expression for a string, for code the kernel writes to send to a session (%%silver's
 * statements, the compact %%sql fetch). Every value from a cell or the config enters such code as
 * a literal, never as code: plain printable ASCII as a quoted literal, anything else
 * Base64-encoded and decoded in Scala, so no quote, backslash or unicode escape in a query or a
 * name can change the program.
 */
export function scalaString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && !/["\\]/.test(text)) {
    return `"${text}"`;
  }
  return `new String(java.util.Base64.getDecoder.decode("${Buffer.from(text, 'utf8').toString('base64')}"), "UTF-8")`;
}

// A string literal is a class file constant, at most 65,535 bytes; an RDS CA bundle is over 150 KB.
const LITERAL_CHUNK = 16_000;

/** A Scala expression for a text of any length: literals short enough each (cut between code points), joined. */
export function scalaLongString(text: string): string {
  const points = Array.from(text);
  const chunks: string[] = [];
  for (let at = 0; at < points.length; at += LITERAL_CHUNK) {
    chunks.push(points.slice(at, at + LITERAL_CHUNK).join(''));
  }
  return chunks.length <= 1 ? scalaString(chunks[0] ?? '') : `Seq(${chunks.map(scalaString).join(', ')}).mkString`;
}
