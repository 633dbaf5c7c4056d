/**
 * Zeppelin's template forms (`${name}`, `${name=default}`, `${name=default,a|b}`,
 * `${checkbox:name=a|b,a|b|c}`, note-level `$${…}`) turned into notebook parameters: each form
 * becomes one parameter with the form's default, and its place in the text becomes `${name}`,
 * which the emr-livy kernel fills in from the parameters cell.
 */

export interface IFormField {
  /** The parameter's name: a Scala and Python identifier made from the form's name. */
  name: string;
  /** The form's name as written in the note. */
  formName: string;
  /** What Zeppelin shows before the user changes anything; checkboxes join theirs with commas. */
  defaultValue: string;
}

// `$$` marks a note-level form; `(…)` after a name or an option is a display label.
const FORM = /\$\$?\{([^=}]*)(?:=([^}]*))?\}/g;

// Words Scala or Python reserve; a form called `type` or `class` becomes `type_`.
const RESERVED = new Set(
  (
    'abstract case catch class def do else extends false final finally for forSome if implicit import lazy match new null ' +
    'object override package private protected return sealed super this throw trait try true type val var while with yield ' +
    'and as assert async await break continue del elif except from global in is lambda nonlocal not or pass raise None True False'
  ).split(' ')
);

function withoutLabel(text: string): string {
  return text.replace(/\([^)]*\)\s*$/, '').trim();
}

/** `checkbox:name`, `checkbox(;):name`, `select:name` → `{ kind, name }`. */
function formKind(rawName: string): { kind: string; name: string; separator: string } {
  const typed = /^\s*(\w+)(?:\(([^)]*)\))?\s*:(.*)$/.exec(rawName);
  if (!typed) {
    return { kind: 'input', name: withoutLabel(rawName), separator: ',' };
  }
  return { kind: typed[1].toLowerCase(), name: withoutLabel(typed[3]), separator: typed[2] ?? ',' };
}

function defaultOf(kind: string, separator: string, rawDefault: string | undefined): string {
  if (rawDefault === undefined) {
    return '';
  }
  // As in Zeppelin, a comma after the default starts a select's or checkbox's options.
  const hasOptions = rawDefault.includes(',');
  const value = hasOptions ? rawDefault.split(',')[0] : rawDefault;
  if (kind === 'checkbox') {
    return value
      .split('|')
      .map(withoutLabel)
      .filter(item => item !== '')
      .join(separator);
  }
  return hasOptions ? withoutLabel(value) : value;
}

/** A name usable as `val name` in Scala and `name =` in Python. */
export function parameterIdentifier(formName: string): string {
  let name = formName.trim().replace(/[^A-Za-z0-9_]/g, '_');
  if (name === '' || /^[0-9]/.test(name)) {
    name = `p_${name}`;
  }
  return RESERVED.has(name) ? `${name}_` : name;
}

/**
 * Collects the forms of one text into `fields` (first default wins; later, different defaults
 * are reported in `conflicts`) and returns the text with each form replaced by `${name}`.
 */
export function replaceForms(text: string, fields: Map<string, IFormField>, conflicts: string[]): string {
  return text.replace(FORM, (_whole, rawName: string, rawDefault: string | undefined) => {
    const { kind, name: formName, separator } = formKind(rawName);
    const defaultValue = defaultOf(kind, separator, rawDefault);
    const existing = [...fields.values()].find(field => field.formName === formName);
    if (existing) {
      if (existing.defaultValue !== defaultValue) {
        conflicts.push(`form ${formName} has the defaults "${existing.defaultValue}" and "${defaultValue}"; the parameter keeps the first`);
      }
      return `\${${existing.name}}`;
    }
    let name = parameterIdentifier(formName);
    for (let suffix = 2; fields.has(name); suffix += 1) {
      name = `${parameterIdentifier(formName)}_${suffix}`;
    }
    fields.set(name, { name, formName, defaultValue });
    return `\${${name}}`;
  });
}
