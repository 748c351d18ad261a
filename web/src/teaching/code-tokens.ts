// Just enough Python colouring for a projector: keywords, strings, numbers, comments and
// the socket calls the lesson is about. Pure; the tokens always join back to the line.

type TokenKind = 'plain' | 'keyword' | 'string' | 'number' | 'comment' | 'call';

export interface Token {
  kind: TokenKind;
  text: string;
}

const KEYWORDS = new Set([
  'import',
  'while',
  'True',
  'False',
  'None',
  'if',
  'not',
  'or',
  'and',
  'break',
  'continue',
  'def',
  'return',
  'in',
]);

/** The calls the code panel is about, drawn so students spot them. */
const CALLS = new Set([
  'socket',
  'bind',
  'listen',
  'accept',
  'recv',
  'sendall',
  'close',
  'connect',
]);

const PATTERN = /(#.*$)|(b?'(?:\\.|[^'\\])*')|(\b\d+\b)|([A-Za-z_]\w*)|(\s+)|(.)/gy;

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  const push = (kind: TokenKind, text: string): void => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind === kind) last.text += text;
    else tokens.push({ kind, text });
  };
  PATTERN.lastIndex = 0;
  for (let m = PATTERN.exec(line); m && m[0] !== ''; m = PATTERN.exec(line)) {
    const [text, comment, string, number, word] = m;
    if (comment) push('comment', text);
    else if (string) push('string', text);
    else if (number) push('number', text);
    else if (word && KEYWORDS.has(word)) push('keyword', text);
    else if (word && CALLS.has(word) && line[PATTERN.lastIndex] === '(') push('call', text);
    else push('plain', text);
  }
  return tokens;
}
