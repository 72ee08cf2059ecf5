/**
 * JQL tokenizer. Follows Jira's lexical rules closely enough for the subset the product uses: quoted strings with
 * backslash escapes, unquoted words (anything up to whitespace or a reserved character), the comparison operators,
 * parentheses, commas, brackets (for `issue.property[key]`), and the keywords AND, OR, NOT, IN, IS, EMPTY, NULL,
 * ORDER, BY, ASC, DESC (case-insensitive; `&&`, `||` and `!` are accepted as in Jira).
 */

export type TokenKind =
  | 'word' // unquoted string (field name, value, keyword candidate)
  | 'string' // quoted string
  | 'op' // = != < > <= >= ~ !~
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'lbracket'
  | 'rbracket'
  | 'and'
  | 'or'
  | 'not'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** The text as written (for quoted strings, the unescaped content). */
  text: string;
  /** 0-based offset in the query. */
  pos: number;
  /** Line and character (1-based), as Jira reports them. */
  line: number;
  col: number;
}

export class JqlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JqlSyntaxError';
  }
}

const RESERVED = new Set(['=', '!', '<', '>', '(', ')', '~', ',', '[', ']', '|', '&', '"', "'", '{', '}']);

export const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'empty',
  'null',
  'order',
  'by',
  'asc',
  'desc',
  'in',
  'is',
  'was',
  'changed',
]);

export function lineCol(query: string, pos: number): { line: number; col: number } {
  let line = 1;
  let col = 1;
  for (let i = 0; i < pos && i < query.length; i++) {
    if (query[i] === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return { line, col };
}

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, text: string, pos: number): void => {
    const { line, col } = lineCol(query, pos);
    tokens.push({ kind, text, pos, line, col });
  };
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '"' || c === "'") {
      let out = '';
      i++;
      let closed = false;
      while (i < query.length) {
        const d = query[i]!;
        if (d === '\\' && i + 1 < query.length) {
          const e = query[i + 1]!;
          out += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          i += 2;
          continue;
        }
        if (d === c) {
          closed = true;
          i++;
          break;
        }
        out += d;
        i++;
      }
      if (!closed) {
        const { line, col } = lineCol(query, start);
        throw new JqlSyntaxError(
          `Error in the JQL Query: The quoted string '${out}' has not been completed. (line ${line}, character ${col})`,
        );
      }
      push('string', out, start);
      continue;
    }
    const two = query.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=' || two === '!~') {
      push('op', two, start);
      i += 2;
      continue;
    }
    if (two === '&&') {
      push('and', two, start);
      i += 2;
      continue;
    }
    if (two === '||') {
      push('or', two, start);
      i += 2;
      continue;
    }
    if (c === '=' || c === '<' || c === '>' || c === '~') {
      push('op', c, start);
      i++;
      continue;
    }
    if (c === '!') {
      push('not', c, start);
      i++;
      continue;
    }
    if (c === '(') {
      push('lparen', c, start);
      i++;
      continue;
    }
    if (c === ')') {
      push('rparen', c, start);
      i++;
      continue;
    }
    if (c === ',') {
      push('comma', c, start);
      i++;
      continue;
    }
    if (c === '[') {
      push('lbracket', c, start);
      i++;
      continue;
    }
    if (c === ']') {
      push('rbracket', c, start);
      i++;
      continue;
    }
    if (RESERVED.has(c)) {
      const { line, col } = lineCol(query, start);
      throw new JqlSyntaxError(
        `Error in the JQL Query: The character '${c}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${c
          .charCodeAt(0)
          .toString(16)
          .padStart(4, '0')}' instead. (line ${line}, character ${col})`,
      );
    }
    let word = '';
    while (i < query.length) {
      const d = query[i]!;
      if (/\s/.test(d) || RESERVED.has(d)) break;
      if (d === '\\' && i + 1 < query.length) {
        word += query[i + 1]!;
        i += 2;
        continue;
      }
      word += d;
      i++;
    }
    const lower = word.toLowerCase();
    if (lower === 'and') push('and', word, start);
    else if (lower === 'or') push('or', word, start);
    else if (lower === 'not') push('not', word, start);
    else push('word', word, start);
  }
  push('eof', '', query.length);
  return tokens;
}
