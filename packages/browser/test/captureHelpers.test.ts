import { describe, expect, it } from 'vitest';
import { formatArgument } from '../src/lazy/consoleCapture.js';
import { currentPath } from '../src/lazy/navigation.js';
import { requestUrl } from '../src/lazy/networkFailures.js';
import { pageUrl, referrerOrigin } from '../src/lazy/pageContext.js';
import { clsOf } from '../src/lazy/webVitals.js';

/** The pure parts of the capture chunks (their behaviour in a page: captures.test.ts, in Chromium). */

describe('console capture: arguments as text', () => {
  it('keeps strings, names errors, writes the rest as JSON, and survives what JSON refuses', () => {
    expect(formatArgument('text')).toBe('text');
    expect(formatArgument(new RangeError('too far'))).toBe('RangeError: too far');
    expect(formatArgument({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(formatArgument(undefined)).toBe('undefined');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(formatArgument(circular)).toBe('[object Object]');
    expect(formatArgument(10n)).toBe('10');
  });
});

describe('URLs as captures record them', () => {
  it('page URL: origin and path unless the query is asked for', () => {
    expect(pageUrl('https://shop.example/cart/?token=x#top')).toBe('https://shop.example/cart/');
    expect(pageUrl('https://shop.example/cart/?token=x#top', true)).toBe('https://shop.example/cart/?token=x#top');
  });

  it('referrer: its origin only, nothing for none or garbage', () => {
    expect(referrerOrigin('https://search.example/q?term=secret')).toBe('https://search.example');
    expect(referrerOrigin('')).toBeUndefined();
    expect(referrerOrigin('not a url')).toBeUndefined();
  });

  it('navigation: the path, and a fragment only when it is a route, without its query', () => {
    expect(currentPath({ pathname: '/a', hash: '' })).toBe('/a');
    expect(currentPath({ pathname: '/a', hash: '#section' })).toBe('/a');
    expect(currentPath({ pathname: '/', hash: '#/orders?id=7' })).toBe('/#/orders');
  });

  it('requests: absolute origin and path, relative ones against the page', () => {
    expect(requestUrl('/api/items?key=1', 'https://shop.example/cart')).toBe('https://shop.example/api/items');
    expect(requestUrl('https://api.example/v1/x?sig=abc', 'https://shop.example/')).toBe('https://api.example/v1/x');
    expect(requestUrl('http://[bad', 'https://shop.example/')).toBe('(unparsable URL)');
  });
});

describe('web vitals: cumulative layout shift', () => {
  it('is the largest session window: shifts less than 1 s apart, windows at most 5 s long', () => {
    expect(clsOf([])).toBe(0);
    // One window of three shifts, then a gap of more than a second, then a larger window.
    const shifts = [
      { startTime: 0, value: 0.05 },
      { startTime: 500, value: 0.05 },
      { startTime: 900, value: 0.05 },
      { startTime: 3000, value: 0.1 },
      { startTime: 3500, value: 0.1 },
    ];
    expect(clsOf(shifts)).toBeCloseTo(0.2);
    // Shifts every 900 ms for 7 s: the window closes at 5 s.
    const steady = Array.from({ length: 8 }, (_, i) => ({ startTime: i * 900, value: 0.01 }));
    expect(clsOf(steady)).toBeCloseTo(0.06);
  });
});
