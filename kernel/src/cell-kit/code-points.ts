/**
 * Jupyter counts cursor positions in Unicode code points (protocol 5.2+); JavaScript strings and
 * Livy (Java strings) count UTF-16 units. These convert at the boundary.
 */
export function codePointsToOffset(text: string, codePoints: number): number {
  let offset = 0;
  for (let seen = 0; seen < codePoints && offset < text.length; seen += 1) {
    const unit = text.charCodeAt(offset);
    offset += unit >= 0xd800 && unit <= 0xdbff && offset + 1 < text.length ? 2 : 1;
  }
  return offset;
}

export function offsetToCodePoints(text: string, offset: number): number {
  return [...text.slice(0, offset)].length;
}
