import { InputError } from '../errors.js';

/** One element of a JSON array, parsed, with the line where it starts. */
export interface ArrayElement {
  line: number;
  value: unknown;
}

/**
 * - `start`: before the array's `[`;
 * - `value`: where an element (or, unless after a comma, the closing `]`) is expected;
 * - `element`: inside an element;
 * - `after`: after an element, where `,` or `]` is expected;
 * - `end`: after the closing `]`, where only whitespace may follow.
 */
type State = 'start' | 'value' | 'element' | 'after' | 'end';

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * Streams the elements of a top-level JSON array, one at a time, in memory bounded by the largest
 * element: the text is scanned for where each element ends (brackets, braces and strings are
 * tracked), and each element is given to `JSON.parse`. Anything but one array and whitespace is an
 * {@link InputError} naming its line.
 */
export async function* jsonArrayElements(
  text: AsyncIterable<string>,
  source: string,
): AsyncGenerator<ArrayElement> {
  let state: State = 'start';
  let line = 1;
  /** After a comma, an element must follow (no `[1,]`). */
  let afterComma = false;
  // The element being read.
  let depth = 0;
  let inString = false;
  let escaped = false;
  let scalar = false;
  let startLine = 1;
  let pieces: string[] = [];

  const fail = (message: string, at = line): never => {
    throw new InputError('malformed', message, { source, line: at });
  };
  const parsed = (): ArrayElement => {
    const raw = pieces.join('');
    pieces = [];
    try {
      return { line: startLine, value: JSON.parse(raw) };
    } catch (error) {
      return fail(`invalid JSON: ${(error as Error).message}`, startLine);
    }
  };

  for await (const chunk of text) {
    /** Where the current element's text starts in this chunk, while an element is read. */
    let from = state === 'element' ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === '\n') line++;
      if (state === 'element') {
        let endsBefore = false; // the element ended just before c (a scalar's delimiter)
        let endsWith = false; // c is the element's last character
        if (inString) {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') {
            inString = false;
            endsWith = scalar;
          }
        } else if (c === '"') {
          inString = true;
        } else if (c === '{' || c === '[') {
          depth++;
        } else if (c === '}' || c === ']') {
          if (depth === 0) endsBefore = true;
          else {
            depth--;
            endsWith = depth === 0;
          }
        } else if (scalar && (c === ',' || isSpace(c))) {
          endsBefore = true;
        }
        if (!endsBefore && !endsWith) continue;
        pieces.push(chunk.slice(from, endsWith ? i + 1 : i));
        from = -1;
        yield parsed();
        state = 'after';
        if (endsWith) continue;
        // c ends a scalar: read it again as what follows an element.
      }
      if (isSpace(c)) continue;
      switch (state) {
        case 'start':
          if (c !== '[') {
            fail(
              c === '{' ? 'expected a JSON array of records, found an object' : `expected "[", found "${c}"`,
            );
          }
          state = 'value';
          afterComma = false;
          break;
        case 'after':
          if (c === ',') {
            state = 'value';
            afterComma = true;
          } else if (c === ']') state = 'end';
          else fail(`expected "," or "]" after an element, found "${c}"`);
          break;
        case 'value':
          if (c === ']') {
            if (afterComma) fail('an element is missing after ","');
            state = 'end';
            break;
          }
          if (c === ',') fail('an element is missing before ","');
          state = 'element';
          startLine = line;
          depth = c === '{' || c === '[' ? 1 : 0;
          scalar = depth === 0;
          inString = c === '"';
          escaped = false;
          from = i;
          break;
        case 'end':
          fail(`unexpected "${c}" after the end of the array`);
      }
    }
    if (state === 'element' && from !== -1) pieces.push(chunk.slice(from));
  }
  const last = state as State;
  if (last === 'start') fail('the input is empty: expected a JSON array');
  if (last !== 'end') fail('the array is not closed ("]" is missing)');
}
