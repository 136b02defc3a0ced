import fc from 'fast-check';

/** The part of JSON Schema (as zod's `toJSONSchema` writes it) that the fuzz tests read. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** Ids worth hitting besides random ones: objects that exist, so handlers go past "not found". */
export interface SchemaArbitraryOptions {
  knownIds?: readonly string[];
}

/**
 * Values for a request schema: mostly ones the schema accepts (so the handler behind the validation
 * is exercised), sometimes with one field of any shape, sometimes anything at all.
 */
export function arbitraryOfSchema(schema: JsonSchema, options: SchemaArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const valid = validOf(schema, options, 0);
  return fc.oneof(
    { weight: 6, arbitrary: valid },
    { weight: 2, arbitrary: valid.chain((value) => withOneFieldBroken(value)) },
    { weight: 1, arbitrary: fc.anything() },
  );
}

function validOf(schema: JsonSchema, options: SchemaArbitraryOptions, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.length) return fc.oneof(...union.map((option) => validOf(option, options, depth + 1)));
  if (schema.allOf?.length) return validOf(schema.allOf[0], options, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringOf(schema, options);
    case 'integer':
    case 'number': {
      const low = schema.minimum ?? schema.exclusiveMinimum;
      const high = schema.maximum ?? schema.exclusiveMaximum;
      const min = low ?? (high !== undefined ? high - 1000 : -1000);
      const max = high ?? min + 1e6;
      const minExcluded = schema.minimum === undefined && schema.exclusiveMinimum !== undefined;
      const maxExcluded = schema.maximum === undefined && schema.exclusiveMaximum !== undefined;
      if (type === 'number') return fc.double({ min, max, minExcluded, maxExcluded, noNaN: true });
      return fc.integer({
        min: Math.ceil(minExcluded ? min + 1 : min),
        max: Math.floor(Math.min(maxExcluded ? max - 1 : max, Number.MAX_SAFE_INTEGER)),
      });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = schema.items ? validOf(schema.items, options, depth + 1) : fc.anything();
      const minLength = schema.minItems ?? 0;
      return fc.array(item, { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)) });
    }
    case 'object': {
      if (depth > 4 || !schema.properties) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue());
      const fields = Object.fromEntries(
        Object.entries(schema.properties).map(([key, field]) => [key, validOf(field, options, depth + 1)]),
      );
      return fc.record(fields, { requiredKeys: schema.required ?? [] });
    }
    default:
      return fc.jsonValue();
  }
}

function stringOf(schema: JsonSchema, options: SchemaArbitraryOptions): fc.Arbitrary<string> {
  if (schema.format === 'uuid') {
    return options.knownIds?.length
      ? fc.oneof(fc.uuid({ version: 4 }), fc.constantFrom(...options.knownIds))
      : fc.uuid({ version: 4 });
  }
  const instants = fc.date({ min: new Date('2024-01-01'), max: new Date('2028-12-31'), noInvalidDate: true });
  if (schema.format === 'date-time') return instants.map((date) => date.toISOString());
  if (schema.format === 'date') return instants.map((date) => date.toISOString().slice(0, 10));
  if (schema.pattern) {
    try {
      const pattern = new RegExp(schema.pattern);
      return fc
        .stringMatching(pattern)
        .filter((text) => text.length <= (schema.maxLength ?? Infinity) && text.length >= (schema.minLength ?? 0));
    } catch {
      // A pattern the generator cannot read: plain text below, which the handler refuses cleanly.
    }
  }
  const minLength = schema.minLength ?? 0;
  return fc.string({
    unit: 'grapheme',
    minLength,
    maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 40, 40)),
  });
}

/** A valid object with one field replaced by a value of any shape (or an unknown field added). */
function withOneFieldBroken(value: unknown): fc.Arbitrary<unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fc.constant(value);
  const keys = Object.keys(value);
  return fc
    .tuple(keys.length ? fc.constantFrom(...keys, '__unknown') : fc.constant('__unknown'), fc.anything())
    .map(([key, broken]) => ({ ...(value as Record<string, unknown>), [key]: broken }));
}
