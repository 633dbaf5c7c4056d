/**
 * A JSON number that a JavaScript number cannot hold exactly (a Spark `long` above 2^53, a
 * decimal with more digits than a double keeps). It keeps Livy's own spelling, so results keep
 * their real values; it serialises as that spelling in a string, which is what a notebook
 * output can carry without losing it.
 */
export class LosslessNumber {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}

/** A parsed JSON value: like JSON.parse's, with LosslessNumber where a number would lose digits. */
export type JsonValue = null | boolean | number | string | LosslessNumber | JsonValue[] | { [key: string]: JsonValue };

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number
  ) {
    super(`${message} at position ${position}`);
    this.name = 'JsonSyntaxError';
  }
}

/**
 * Digits and exponent of a decimal literal with insignificant zeros removed, so that two
 * spellings of the same value compare equal (`1.50` and `1.5`, `1.2E16` and `12000000000000000`).
 */
function canonicalDecimal(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) {
    return text;
  }
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  let digits = whole + fraction;
  let scale = Number(exponent) - fraction.length;
  const leading = digits.search(/[1-9]/);
  if (leading < 0) {
    return '0';
  }
  digits = digits.slice(leading);
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailing);
  scale += trailing;
  return `${sign}${digits}e${scale}`;
}

/**
 * A number when the double reads back as the same decimal, else the exact text. An integer
 * beyond 2^53 must be the double's exact value, not merely print the same digits
 * (119209289550781250000000 prints as 1.1920928955078125e23 but that double is
 * 119209289550781252370432): integer columns must be exact.
 */
function toNumber(text: string): number | LosslessNumber {
  const value = Number(text);
  if (/^-?\d+$/.test(text) && !Number.isSafeInteger(value)) {
    return Number.isFinite(value) && BigInt(value) === BigInt(text) ? value : new LosslessNumber(text);
  }
  return canonicalDecimal(String(value)) === canonicalDecimal(text) ? value : new LosslessNumber(text);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

class Parser {
  private _at = 0;

  constructor(private readonly _text: string) {}

  parse(): JsonValue {
    const value = this._value();
    this._space();
    if (this._at < this._text.length) {
      this._fail('Unexpected text after the JSON value');
    }
    return value;
  }

  private _value(): JsonValue {
    this._space();
    const char = this._text[this._at];
    switch (char) {
      case '{':
        return this._object();
      case '[':
        return this._array();
      case '"':
        return this._string();
      case 't':
        return this._literal('true', true);
      case 'f':
        return this._literal('false', false);
      case 'n':
        return this._literal('null', null);
      default:
        if (char === '-' || (char >= '0' && char <= '9')) {
          return this._number();
        }
        return this._fail(char === undefined ? 'Unexpected end of JSON' : `Unexpected character ${JSON.stringify(char)}`);
    }
  }

  private _object(): { [key: string]: JsonValue } {
    const result: { [key: string]: JsonValue } = {};
    this._at += 1;
    this._space();
    if (this._text[this._at] === '}') {
      this._at += 1;
      return result;
    }
    for (;;) {
      this._space();
      if (this._text[this._at] !== '"') {
        this._fail('Expected a property name');
      }
      const key = this._string();
      this._space();
      this._expect(':');
      // defineProperty, so a "__proto__" key is data and not the object's prototype.
      Object.defineProperty(result, key, { value: this._value(), enumerable: true, writable: true, configurable: true });
      this._space();
      if (this._text[this._at] === ',') {
        this._at += 1;
        continue;
      }
      this._expect('}');
      return result;
    }
  }

  private _array(): JsonValue[] {
    const result: JsonValue[] = [];
    this._at += 1;
    this._space();
    if (this._text[this._at] === ']') {
      this._at += 1;
      return result;
    }
    for (;;) {
      result.push(this._value());
      this._space();
      if (this._text[this._at] === ',') {
        this._at += 1;
        continue;
      }
      this._expect(']');
      return result;
    }
  }

  private _string(): string {
    // JSON.parse decodes escapes exactly as the spec says; only the extent is found here.
    const start = this._at;
    this._at += 1;
    for (;;) {
      const char = this._text[this._at];
      if (char === undefined) {
        this._fail('Unterminated string');
      }
      if (char === '\\') {
        this._at += 2;
        continue;
      }
      this._at += 1;
      if (char === '"') {
        break;
      }
    }
    try {
      return JSON.parse(this._text.slice(start, this._at)) as string;
    } catch {
      return this._fail('Invalid string');
    }
  }

  private _number(): number | LosslessNumber {
    NUMBER.lastIndex = this._at;
    const match = NUMBER.exec(this._text);
    if (!match) {
      this._fail('Invalid number');
    }
    this._at += match[0].length;
    return toNumber(match[0]);
  }

  private _literal<T extends JsonValue>(word: string, value: T): T {
    if (this._text.startsWith(word, this._at)) {
      this._at += word.length;
      return value;
    }
    return this._fail(`Unexpected token`);
  }

  private _expect(char: string): void {
    if (this._text[this._at] !== char) {
      this._fail(`Expected ${JSON.stringify(char)}`);
    }
    this._at += 1;
  }

  private _space(): void {
    WHITESPACE.lastIndex = this._at;
    WHITESPACE.exec(this._text);
    this._at = WHITESPACE.lastIndex;
  }

  private _fail(message: string): never {
    throw new JsonSyntaxError(message, this._at);
  }
}

/**
 * Sixteen digits in a row (a decimal point among them allowed), or a three-digit exponent: the
 * only spellings of a number that a double may not hold exactly, since a double holds any decimal
 * of 15 significant digits. Digits inside strings match too; they only cost the slow path.
 */
const MAYBE_LOSSY = /\d(?:\.?\d){15}|\d[eE][+-]?\d{3}/;

/** JSON.parse, except that numbers which would lose digits stay exact as LosslessNumber. */
export function parseLosslessJson(text: string): JsonValue {
  // JSON.parse is an order of magnitude faster (a 100,000-row result: 1 s against 0.1 s) and
  // exact for a text without such numbers; the parser here also gives the syntax error.
  if (!MAYBE_LOSSY.test(text)) {
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      // Reported below, as the parser words it.
    }
  }
  return new Parser(text).parse();
}
