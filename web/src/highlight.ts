// The words of a search query marked in a message's text, as the server matches them: whole
// words, whatever the case. A word is a run of ASCII letters and digits and of any non-ASCII
// characters; anything else separates words. The query splits at ASCII white space, a query
// word with no letter or digit is dropped, and one with separators inside ("v1.2") is found
// as its parts in a row.
import { h } from './dom';

const WORD = '0-9A-Za-z\\u{80}-\\u{10FFFF}';
const PART = new RegExp(`[${WORD}]+`, 'gu');
// A first match further in than this is brought into view: the text before it is cut to
// about this many characters, from a word's start, after "…".
const CUT_AFTER = 100;
const LEAD = 50;

/** What finds the query's words in a text; null when the query has no word. */
export function queryPattern(query: string): RegExp | null {
  // The parts are letters, digits and non-ASCII characters: none needs escaping.
  const phrases = query.split(/[ \t\n\v\f\r]+/)
    .map((word) => (word.match(PART) ?? []).join(`[^${WORD}]+`))
    .filter((phrase) => phrase !== '')
    .sort((a, b) => b.length - a.length); // where one word begins another, the longer wins
  if (phrases.length === 0) return null;
  return new RegExp(`(?<![${WORD}])(?:${phrases.join('|')})(?![${WORD}])`, 'giu');
}

/** The text with each match in a <mark>, cut before the first one if that is far in. */
export function highlighted(text: string, pattern: RegExp | null): (string | HTMLElement)[] {
  if (pattern === null) return [text];
  const start = cutBefore(text, text.search(pattern));
  const nodes: (string | HTMLElement)[] = start > 0 ? ['…'] : [];
  let at = start;
  for (const match of text.matchAll(pattern)) {
    if (match.index < start) continue;
    if (match.index > at) nodes.push(text.slice(at, match.index));
    nodes.push(h('mark', {}, match[0]));
    at = match.index + match[0].length;
  }
  if (at < text.length) nodes.push(text.slice(at));
  return nodes;
}

/** Where to start showing a text whose first match is at `first` (-1: none). */
function cutBefore(text: string, first: number): number {
  if (first <= CUT_AFTER) return 0;
  let start = first - LEAD;
  const space = text.slice(start, first).search(/\s/);
  if (space >= 0) start += space + 1;
  const code = text.charCodeAt(start);
  if (code >= 0xdc00 && code <= 0xdfff) start -= 1; // not between the halves of a surrogate pair
  return start;
}
