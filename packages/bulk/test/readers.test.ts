import { describe, expect, it } from 'vitest';
import { InputError, openRecords, readCsv, readJsonArray, readNdjson, type SourceRow } from '../src/index.js';
import { coerceText, coerceValue } from '../src/read/fields.js';
import { jsonArrayElements } from '../src/read/json-array.js';
import { decodeUtf8, firstInvalidUtf8, splitLines } from '../src/read/utf8.js';
import { collect, rejection, tempDir, writeFile } from './helpers.js';

const dir = tempDir('acs-bulk-readers-');
let n = 0;
const file = (content: string | Uint8Array, ext = 'csv') => writeFile(dir, `input-${++n}.${ext}`, content);

async function* chunked<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

const rows = (
  source: { rows(o?: { require?: string[] }): AsyncIterable<SourceRow> },
  require: string[] = [],
) => collect(source.rows({ require }));

async function inputError(promise: Promise<unknown>): Promise<InputError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('CSV', () => {
  it('reads rows named by the header, with mapping, nesting and types', async () => {
    const path = file(
      'E-mail,City,age,subscribed,birth,notes\r\n' +
        'a@example.com,Paris,42,yes,1980-02-29,"has, a comma"\r\n' +
        '\r\n' +
        'b@example.com,,7,0,2001-12-31T23:30:00-02:00,"two\r\nlines and ""quotes"""\r\n',
    );
    const source = readCsv(path, {
      columns: { 'E-mail': 'email', City: 'location.city' },
      types: { age: 'integer', subscribed: 'boolean', birth: 'date' },
    });
    const read = await rows(source, ['email']);
    expect(read.map((r) => [r.ordinal, r.line])).toEqual([
      [1, 2],
      [2, 4],
    ]);
    expect(read[0]!.record).toEqual({
      email: 'a@example.com',
      location: { city: 'Paris' },
      age: 42,
      subscribed: true,
      birth: '1980-02-29',
      notes: 'has, a comma',
    });
    // An empty cell is left out by default; a date-time gives its UTC date.
    expect(read[1]!.record).toEqual({
      email: 'b@example.com',
      age: 7,
      subscribed: false,
      birth: '2002-01-01',
      notes: 'two\r\nlines and "quotes"',
    });
    // Records have no prototype: nothing can reach Object.prototype through them.
    expect(Object.getPrototypeOf(read[0]!.record)).toBeNull();
    expect(Object.getPrototypeOf(read[0]!.record['location'])).toBeNull();
  });

  it('empty cells: omit, empty string or null; null texts; dropped columns', async () => {
    const path = file('email,a,b,c\nx@y.z,,NULL,keep\n');
    expect((await rows(readCsv(path, { empty: 'empty', nullValues: ['NULL'] })))[0]!.record).toEqual({
      email: 'x@y.z',
      a: '',
      b: null,
      c: 'keep',
    });
    expect((await rows(readCsv(path, { empty: 'null' })))[0]!.record).toEqual({
      email: 'x@y.z',
      a: null,
      b: 'NULL',
      c: 'keep',
    });
    expect(
      (await rows(readCsv(path, { columns: { email: 'email', c: 'other' }, unmapped: 'drop' })))[0]!.record,
    ).toEqual({ email: 'x@y.z', other: 'keep' });
  });

  it('a BOM, a semicolon delimiter and a last line without newline', async () => {
    const path = file('\ufeffemail;n\nx@y.z;1');
    const read = await rows(readCsv(path, { delimiter: ';', types: { n: 'number' } }));
    expect(read.map((r) => r.record)).toEqual([{ email: 'x@y.z', n: 1 }]);
  });

  it('a ragged row is refused with its line, after a quoted field spanning lines', async () => {
    const path = file('email,name\na@x.y,"one\ntwo"\nb@x.y,ok\nc@x.y,too,many\nd@x.y,fine\n');
    const error = await inputError(rows(readCsv(path)));
    expect(error.problem).toBe('ragged-row');
    expect(error.line).toBe(5);
    expect(error.message).toContain('line 5');
    expect(error.message).toContain('3 fields, the header has 2');
  });

  it('a short row is ragged too', async () => {
    const error = await inputError(rows(readCsv(file('email,name\na@x.y\n'))));
    expect([error.problem, error.line]).toEqual(['ragged-row', 2]);
  });

  it.each(['__proto__', 'constructor', 'prototype', 'location.__proto__'])(
    'a header naming %s is refused',
    async (column) => {
      const error = await inputError(rows(readCsv(file(`email,${column}\nx@y.z,1\n`))));
      expect(error.problem).toBe('forbidden-column');
      expect(error.line).toBe(1);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    },
  );

  it('mapping a column to a forbidden field is refused before reading', () => {
    expect(() => readCsv(file('a\n1\n'), { columns: { a: '__proto__.polluted' } })).toThrow(InputError);
  });

  it('a missing key column, a missing key value, an unnamed or duplicate column', async () => {
    const missing = await inputError(rows(readCsv(file('mail,name\nx@y.z,a\n')), ['email']));
    expect([missing.problem, missing.line, missing.column]).toEqual(['missing-key-column', 1, 'email']);
    const noKey = await inputError(rows(readCsv(file('email,name\nx@y.z,a\n,b\n')), ['email']));
    expect([noKey.problem, noKey.line]).toEqual(['missing-key', 3]);
    const unnamed = await inputError(rows(readCsv(file('email,,name\n1,2,3\n'))));
    expect([unnamed.problem, unnamed.line]).toEqual(['malformed', 1]);
    const duplicate = await inputError(rows(readCsv(file('email,email\n1,2\n'))));
    expect(duplicate.problem).toBe('duplicate-column');
    const nested = await inputError(rows(readCsv(file('location,location.city\n1,2\n'))));
    expect(nested.problem).toBe('duplicate-column');
  });

  it('an unclosed quote and a value that is not of its type name their line', async () => {
    const quote = await inputError(rows(readCsv(file('email,name\na@x.y,ok\nb@x.y,"open\n'))));
    expect([quote.problem, quote.line]).toEqual(['malformed', 3]);
    const typed = await inputError(
      rows(readCsv(file('email,age\na@x.y,1\nb@x.y,old\n'), { types: { age: 'integer' } })),
    );
    expect([typed.problem, typed.line, typed.column]).toEqual(['invalid-value', 3, 'age']);
  });

  it('invalid UTF-8 is refused with its line, also when cut across read chunks', async () => {
    const good = `email,name\n${'a@x.y,é\n'.repeat(40_000)}`;
    const bytes = Buffer.concat([
      Buffer.from(good),
      Buffer.from('bad@x.y,'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\n'),
    ]);
    const error = await inputError(rows(readCsv(file(bytes))));
    expect(error.problem).toBe('invalid-utf8');
    expect(error.line).toBe(40_002);
  });
});

describe('NDJSON', () => {
  it('reads objects line by line, skipping blank lines, with mapping and types', async () => {
    const path = file('{"mail":"a@x.y","n":"3"}\n\n  \n{"mail":"b@x.y","n":4,"deep":{"x":1}}\r\n', 'ndjson');
    const read = await rows(readNdjson(path, { columns: { mail: 'email' }, types: { n: 'number' } }), [
      'email',
    ]);
    expect(read.map((r) => [r.ordinal, r.line, r.record])).toEqual([
      [1, 1, { email: 'a@x.y', n: 3 }],
      [2, 4, { email: 'b@x.y', n: 4, deep: { x: 1 } }],
    ]);
    expect(Object.getPrototypeOf(read[1]!.record['deep'])).toBeNull();
  });

  it('refuses a line that is not JSON, not an object, or names __proto__, with its line', async () => {
    const bad = await inputError(rows(readNdjson(file('{"email":"a"}\n{"email":\n', 'ndjson'))));
    expect([bad.problem, bad.line]).toEqual(['malformed', 2]);
    const array = await inputError(rows(readNdjson(file('{"email":"a"}\n\n[1]\n', 'ndjson'))));
    expect([array.problem, array.line]).toEqual(['not-an-object', 3]);
    const proto = await inputError(
      rows(readNdjson(file('{"email":"a","x":{"__proto__":{"polluted":1}}}\n', 'ndjson'))),
    );
    expect([proto.problem, proto.line]).toEqual(['forbidden-column', 1]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('JSON arrays', () => {
  it('streams elements with their lines', async () => {
    const path = file(
      '[\n  {"email": "a@x.y", "tags": ["[", "]", "{\\"}"]},\n  {"email":"b@x.y"}\n]\n',
      'json',
    );
    const read = await rows(readJsonArray(path), ['email']);
    expect(read.map((r) => [r.line, r.record])).toEqual([
      [2, { email: 'a@x.y', tags: ['[', ']', '{"}'] }],
      [3, { email: 'b@x.y' }],
    ]);
    expect(await rows(readJsonArray(file(' [ ] ', 'json')))).toEqual([]);
  });

  it('finds element boundaries whatever the chunking', async () => {
    const text = '[{"a":"x,]}"},\n{"b":[1,{"c":"\\\\"}]}, 3 ,"s",null]';
    const expected = [{ a: 'x,]}' }, { b: [1, { c: '\\' }] }, 3, 's', null];
    for (let size = 1; size <= text.length; size++) {
      const pieces: string[] = [];
      for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
      const values = (await collect(jsonArrayElements(chunked(pieces), 't'))).map((e) => e.value);
      expect(values).toEqual(expected);
    }
  });

  it.each([
    ['{"email":"a"}', 'expected a JSON array', 1],
    ['[{"email":"a"},\n]', 'missing after ","', 2],
    ['[{"email":"a"}\n{"email":"b"}]', 'expected "," or "]"', 2],
    ['[{"email":"a"},\n{"email":}\n]', 'invalid JSON', 2],
    ['[{"email":"a"}\n', 'not closed', 2],
    ['[{"email":"a"}] x', 'after the end', 1],
    ['', 'empty', 1],
  ])('refuses %j (%s) at line %i', async (content, message, line) => {
    const error = await inputError(rows(readJsonArray(file(content, 'json'))));
    expect(error.message).toContain(message);
    expect(error.line).toBe(line);
  });

  it('elements that are not objects are refused', async () => {
    const error = await inputError(rows(readJsonArray(file('[{"email":"a"},\n 42]', 'json'))));
    expect([error.problem, error.line]).toEqual(['not-an-object', 2]);
  });
});

describe('openRecords', () => {
  it('picks the reader by extension or format', async () => {
    expect(openRecords(file('a\n1\n', 'csv')).format).toBe('csv');
    expect(openRecords(file('{}', 'jsonl')).format).toBe('ndjson');
    expect(openRecords(file('[]', 'json')).format).toBe('json');
    expect(openRecords(file('[]', 'txt'), { format: 'json' }).format).toBe('json');
    expect(() => openRecords(file('', 'txt'))).toThrow(InputError);
  });

  it('identity: the same content and options give the same identity, a change another', async () => {
    const path = file('email\na@x.y\n');
    const one = await readCsv(path).identity();
    expect(one).toEqual(await readCsv(path).identity());
    expect(one!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await readCsv(path, { types: { email: 'string' } }).identity())!.options).not.toBe(one!.options);
    const other = file('email\na@x.z\n');
    expect((await readCsv(other).identity())!.sha256).not.toBe(one!.sha256);
  });
});

describe('coercion', () => {
  it.each([
    ['42', 'number', 42],
    [' -3.5e2 ', 'number', -350],
    ['4x', 'number', undefined],
    ['', 'number', undefined],
    ['12', 'integer', 12],
    ['1.5', 'integer', undefined],
    ['99999999999999999999', 'integer', undefined],
    ['YES', 'boolean', true],
    ['n', 'boolean', false],
    ['maybe', 'boolean', undefined],
    ['2024-02-29', 'date', '2024-02-29'],
    ['2023-02-29', 'date', undefined],
    ['2024-01-31T23:00:00-02:00', 'date', '2024-02-01'],
    ['31/01/2024', 'date', undefined],
    ['2024-01-31T10:00:00Z', 'datetime', '2024-01-31 10:00:00.000Z'],
    ['2024-01-31 10:00', 'datetime', '2024-01-31 10:00:00.000Z'],
    ['2024-01-31 10:00:00.123+01:00', 'datetime', '2024-01-31 09:00:00.123Z'],
    ['yesterday', 'datetime', undefined],
    [' as is ', 'string', ' as is '],
  ] as const)('%j as %s is %j', (text, type, expected) => {
    expect(coerceText(text, type)).toEqual(expected);
  });

  it('typed JSON values', () => {
    expect(coerceValue(3, 'string')).toBe('3');
    expect(coerceValue(1, 'boolean')).toBe(true);
    expect(coerceValue(true, 'number')).toBeUndefined();
    expect(coerceValue(null, 'number')).toBeNull();
    expect(coerceValue({}, 'string')).toBeUndefined();
  });
});

describe('UTF-8', () => {
  it('decodes sequences cut across chunks and drops a BOM', async () => {
    const bytes = Buffer.from('\ufeffé€😀\nz');
    for (let size = 1; size <= bytes.length; size++) {
      const pieces: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
      expect((await collect(decodeUtf8(chunked(pieces), 't'))).join('')).toBe('é€😀\nz');
    }
  });

  it.each([
    [[0x61, 0x80], 1],
    [[0xc0, 0xaf], 0],
    [[0xe0, 0x80, 0x80], 0],
    [[0xed, 0xa0, 0x80], 0],
    [[0xf4, 0x90, 0x80, 0x80], 0],
    [[0x61, 0xe2, 0x82], 1],
  ])('finds the first invalid byte of %j at %i', (bytes, at) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(at);
  });

  it('an incomplete sequence at the end is invalid', async () => {
    const error = await inputError(
      collect(decodeUtf8(chunked([Buffer.from('ok\n'), Uint8Array.from([0xe2, 0x82])]), 't')),
    );
    expect(error.line).toBe(2);
  });

  it('splits lines on \\n and \\r\\n', async () => {
    expect(await collect(splitLines(chunked(['a\r', '\nb\n', 'c'])))).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
      { line: 3, text: 'c' },
    ]);
  });
});
