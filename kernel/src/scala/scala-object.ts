import { createHash } from 'crypto';

/**
 * A Scala object the kernel defines in a Livy session before the first statement that calls it,
 * so that statements stay one short call each (the Scala REPL compiles every statement: a big
 * body sent with each call would be compiled each time).
 */
export interface IScalaDefinition {
  /**
   * The object's name: a stem and a hash of its code, so a kernel whose code changed never calls
   * the older object a long-lived session may still hold; it defines its own beside it.
   */
  readonly name: string;
  /** `object <name> extends java.io.Serializable { … }`, as sent to the session. */
  readonly code: string;
}

const STEM = /^[A-Za-z][A-Za-z0-9]*$/;

/** The definition of `object <stem>_<hash> extends java.io.Serializable { <body> }`; the body refers to the object by `name` if it must. */
export function scalaObject(stem: string, body: string): IScalaDefinition {
  if (!STEM.test(stem)) {
    throw new Error(`a Scala object stem must be letters and digits, not ${JSON.stringify(stem)}`);
  }
  // Serializable: a closure the object sends to the executors (an RDD's foreachPartition) calls its methods, which captures it.
  const define = (name: string): string => `object ${name} extends java.io.Serializable {\n${body}\n}`;
  // The hash covers the whole definition, so a change to the wrapper renames the object too.
  const name = `${stem}_${createHash('sha256').update(define(stem)).digest('hex').slice(0, 12)}`;
  return { name, code: define(name) };
}

/** A Scala object kept in a `.scala` resource file, as scripts/generate-scala-resources.js reads it. */
export interface IScalaResource {
  readonly stem: string;
  readonly body: string;
}

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * The definition of a resource's object, its `${NAME}` placeholders filled from `values` (the
 * kernel's own constants, which the Scala must agree with). Every placeholder needs a value and
 * every value a placeholder, so a renamed one fails at load rather than reaching a session.
 */
export function scalaResource(resource: IScalaResource, values: Readonly<Record<string, string | number>> = {}): IScalaDefinition {
  const used = new Set<string>();
  const body = resource.body.replace(PLACEHOLDER, (_, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(values, name)) {
      throw new Error(`the Scala object ${resource.stem} has a placeholder \${${name}} with no value`);
    }
    used.add(name);
    return String(values[name]);
  });
  const unused = Object.keys(values).filter(name => !used.has(name));
  if (unused.length > 0) {
    throw new Error(`the Scala object ${resource.stem} has no placeholder for ${unused.join(', ')}`);
  }
  return scalaObject(resource.stem, body);
}
