// A small JSON Schema (2020-12) validator for the tests: the keywords schema/manifest.schema.json
// uses, and nothing else. A keyword it does not know is an error, so the schema cannot grow a
// check this validator would silently skip.
const ANNOTATIONS = new Set(['$schema', '$id', '$defs', '$comment', 'title', 'description', 'default']);
const KNOWN = new Set([...ANNOTATIONS, '$ref', 'type', 'enum', 'const', 'required', 'properties', 'additionalProperties',
  'items', 'minItems', 'maxItems', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'minProperties', 'if', 'then']);

const typeOf = (v) => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
};
const isType = (v, t) => typeOf(v) === t || (t === 'number' && typeOf(v) === 'integer');
const equal = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// → [] when `value` is valid, else ["<path>: <problem>", …].
export function validate(value, schema, root = schema, path = '$') {
  const errors = [];
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) errors.push(`${path}: schema keyword "${key}" is not supported`);
  if (schema.$ref) {
    if (!schema.$ref.startsWith('#/')) errors.push(`${path}: only local $ref is supported`);
    else errors.push(...validate(value, schema.$ref.slice(2).split('/').reduce((node, k) => node[k], root), root, path));
  }
  if (schema.type && !isType(value, schema.type)) return [...errors, `${path}: expected ${schema.type}`];
  if (schema.enum && !schema.enum.some((e) => equal(e, value))) errors.push(`${path}: not one of ${JSON.stringify(schema.enum)}`);
  if ('const' in schema && !equal(schema.const, value)) errors.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) errors.push(`${path}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && length > schema.maxLength) errors.push(`${path}: longer than ${schema.maxLength}`);
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: does not match ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path}: more than ${schema.maxItems} items`);
    if (schema.items) value.forEach((v, i) => errors.push(...validate(v, schema.items, root, `${path}[${i}]`)));
  }
  if (typeOf(value) === 'object') {
    const props = schema.properties || {};
    for (const k of schema.required || []) if (!(k in value)) errors.push(`${path}.${k}: missing required field`);
    if (schema.minProperties !== undefined && Object.keys(value).length < schema.minProperties) errors.push(`${path}: fewer than ${schema.minProperties} keys`);
    for (const [k, v] of Object.entries(value)) {
      if (props[k]) errors.push(...validate(v, props[k], root, `${path}.${k}`));
      else if (schema.additionalProperties === false) errors.push(`${path}.${k}: unknown key`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...validate(v, schema.additionalProperties, root, `${path}.${k}`));
    }
  }
  if (schema.if && validate(value, schema.if, root, path).length === 0 && schema.then) errors.push(...validate(value, schema.then, root, path));
  return errors;
}
