import { ConfigurationError } from '@campaign-standard/core';
import { describe, expect, it } from 'vitest';
import { encodeSegment, fillPath } from '../src/url.js';

// The reference: what encodeSegment has always meant, without its fast path.
const reference = (value: string | number) => encodeURIComponent(String(value)).replace(/%40/g, '@');

describe('encodeSegment', () => {
  it.each([
    '@abc123',
    'plain',
    "!~*'()._-",
    '',
    'a b',
    'a/b',
    'x?y#z',
    'é',
    '50%',
    '%40',
    'a+b',
    'a:b',
    'a;b,c=d&e',
    '[x]',
    '\u{1F600}',
    'tab\tnewline\n',
    'back\\slash',
  ])('encodes %j as encodeURIComponent does, with @ kept', (value) => {
    expect(encodeSegment(value)).toBe(reference(value));
  });

  it('encodes numbers', () => {
    expect(encodeSegment(42)).toBe('42');
    expect(encodeSegment(-1.5)).toBe('-1.5');
  });
});

describe('fillPath', () => {
  it('fills every parameter, also inside a segment, and leaves the literal text as it is', () => {
    expect(fillPath('/profileAndServices/profile/{PKey}', { PKey: '@k 1' })).toBe(
      '/profileAndServices/profile/@k%201',
    );
    expect(fillPath('/mc{tenantName}/{eventId}/x', { tenantName: 'acme', eventId: 'EVT1' })).toBe(
      '/mcacme/EVT1/x',
    );
    expect(fillPath('{a}{b}', { a: 'x', b: 2 })).toBe('x2');
    expect(fillPath('/no/params', undefined)).toBe('/no/params');
  });

  it('gives the same path for the same template each time (templates are kept once parsed)', () => {
    for (const value of ['@1', '@2', 'a/b']) {
      expect(fillPath('/p/{PKey}/s', { PKey: value })).toBe(`/p/${reference(value)}/s`);
    }
  });

  it('refuses a missing or empty parameter, naming it', () => {
    expect(() => fillPath('/p/{PKey}', {})).toThrow(ConfigurationError);
    expect(() => fillPath('/p/{PKey}', { PKey: '' })).toThrow(/params\.path\.PKey is empty/);
    expect(() => fillPath('/p/{PKey}', undefined)).toThrow(/params\.path\.PKey is missing/);
  });
});
