/**
 * Recursive-descent JQL parser producing an AST. Grammar (the subset the product needs):
 *
 *   query    := orExpr? ('ORDER' 'BY' sortItem (',' sortItem)*)? EOF
 *   orExpr   := andExpr ('OR' andExpr)*
 *   andExpr  := notExpr ('AND' notExpr)*
 *   notExpr  := ('NOT' | '!') notExpr | '(' orExpr ')' | clause
 *   clause   := field operator operand
 *   field    := word | string | 'issue.property' '[' key ']' ('.' path)?
 *   operator := '=' | '!=' | '<' | '>' | '<=' | '>=' | '~' | '!~' | 'IN' | 'NOT' 'IN' | 'IS' | 'IS' 'NOT'
 *   operand  := value | 'EMPTY' | 'NULL' | function | '(' operand (',' operand)* ')'
 *   function := word '(' (value (',' value)*)? ')'
 *   sortItem := field ('ASC' | 'DESC')?
 *
 * Error messages follow the wording of Jira Cloud's JQL parser.
 */
import { JqlSyntaxError, KEYWORDS, tokenize } from './lexer.js';
import type { Token } from './lexer.js';

export type Operator = '=' | '!=' | '<' | '>' | '<=' | '>=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not';

export type FieldRef =
  | { kind: 'field'; name: string; raw: string }
  | { kind: 'property'; key: string; path: string[]; raw: string };

export type Operand =
  | { kind: 'value'; value: string; quoted: boolean }
  | { kind: 'empty' }
  | { kind: 'list'; items: Operand[] }
  | { kind: 'function'; name: string; args: string[] };

export interface Clause {
  type: 'clause';
  field: FieldRef;
  op: Operator;
  operand: Operand;
}
export type Expr =
  Clause | { type: 'and'; items: Expr[] } | { type: 'or'; items: Expr[] } | { type: 'not'; expr: Expr };

export interface SortItem {
  field: FieldRef;
  dir: 'asc' | 'desc' | undefined;
}
export interface JqlQuery {
  where: Expr | null;
  orderBy: SortItem[];
}

const VALID_OPERATORS =
  "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.";

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private isWord(t: Token, word: string): boolean {
    return t.kind === 'word' && t.text.toLowerCase() === word;
  }
  private where(t: Token): string {
    return `(line ${t.line}, character ${t.col})`;
  }
  private fail(expecting: string, t: Token, hint = ''): never {
    if (t.kind === 'eof') {
      throw new JqlSyntaxError(
        `Error in the JQL Query: Expecting ${expecting} before the end of the query.${hint ? ' ' + hint : ''}`,
      );
    }
    throw new JqlSyntaxError(
      `Error in the JQL Query: Expecting ${expecting} but got '${t.text}'.${hint ? ' ' + hint : ''} ${this.where(t)}`,
    );
  }

  parse(): JqlQuery {
    let where: Expr | null = null;
    const t = this.peek();
    if (!(t.kind === 'eof' || this.isOrderBy())) where = this.orExpr();
    const orderBy: SortItem[] = [];
    if (this.isOrderBy()) {
      this.next();
      const by = this.next();
      if (!this.isWord(by, 'by')) this.fail("'by'", by);
      orderBy.push(this.sortItem());
      while (this.peek().kind === 'comma') {
        this.next();
        orderBy.push(this.sortItem());
      }
    }
    const end = this.peek();
    if (end.kind !== 'eof') {
      if (orderBy.length > 0) this.fail("either ',' or the end of the query", end);
      this.fail("either 'OR' or 'AND'", end);
    }
    return { where, orderBy };
  }

  private isOrderBy(): boolean {
    return this.isWord(this.peek(), 'order') && this.isWord(this.peek(1), 'by');
  }

  private orExpr(): Expr {
    const items = [this.andExpr()];
    while (this.peek().kind === 'or') {
      this.next();
      items.push(this.andExpr());
    }
    return items.length === 1 ? items[0]! : { type: 'or', items };
  }

  private andExpr(): Expr {
    const items = [this.notExpr()];
    while (this.peek().kind === 'and') {
      this.next();
      items.push(this.notExpr());
    }
    return items.length === 1 ? items[0]! : { type: 'and', items };
  }

  private notExpr(): Expr {
    const t = this.peek();
    if (t.kind === 'not') {
      this.next();
      return { type: 'not', expr: this.notExpr() };
    }
    if (t.kind === 'lparen') {
      this.next();
      const e = this.orExpr();
      const r = this.next();
      if (r.kind !== 'rparen') this.fail("')'", r);
      return e;
    }
    return this.clause();
  }

  private field(): FieldRef {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'field', name: t.text.toLowerCase(), raw: t.text };
    if (t.kind !== 'word' || (KEYWORDS.has(t.text.toLowerCase()) && t.text.toLowerCase() !== 'by')) {
      this.fail('a field name', t);
    }
    const lower = t.text.toLowerCase();
    if (lower === 'issue.property' && this.peek().kind === 'lbracket') {
      this.next();
      const keyTok = this.next();
      if (keyTok.kind !== 'word' && keyTok.kind !== 'string') this.fail('a property key', keyTok);
      const rb = this.next();
      if (rb.kind !== 'rbracket') this.fail("']'", rb);
      let path: string[] = [];
      const p = this.peek();
      if (p.kind === 'word' && p.text.startsWith('.') && p.pos === rb.pos + 1) {
        this.next();
        path = p.text.slice(1).split('.');
        if (path.some((s) => s === '')) {
          throw new JqlSyntaxError(
            `Error in the JQL Query: The property path '${p.text.slice(1)}' is not valid. ${this.where(p)}`,
          );
        }
      }
      const raw = `issue.property[${keyTok.text}]${path.length ? '.' + path.join('.') : ''}`;
      return { kind: 'property', key: keyTok.text, path, raw };
    }
    return { kind: 'field', name: lower, raw: t.text };
  }

  private clause(): Clause {
    const field = this.field();
    const op = this.operator();
    const operand = this.operand(op === 'in' || op === 'not in');
    return { type: 'clause', field, op, operand };
  }

  private operator(): Operator {
    const t = this.next();
    if (t.kind === 'op') return t.text as Operator;
    if (this.isWord(t, 'in')) return 'in';
    if (t.kind === 'not' && this.isWord(this.peek(), 'in')) {
      this.next();
      return 'not in';
    }
    if (this.isWord(t, 'is')) {
      if (this.peek().kind === 'not') {
        this.next();
        return 'is not';
      }
      return 'is';
    }
    if (this.isWord(t, 'was') || this.isWord(t, 'changed')) {
      throw new JqlSyntaxError(
        `The operator '${t.text.toUpperCase()}' is not supported by this simulator's JQL subset. ${this.where(t)}`,
      );
    }
    return this.fail('operator', t, VALID_OPERATORS);
  }

  private operand(listExpected: boolean): Operand {
    const t = this.peek();
    if (t.kind === 'lparen') {
      this.next();
      const items: Operand[] = [this.operand(false)];
      while (this.peek().kind === 'comma') {
        this.next();
        items.push(this.operand(false));
      }
      const r = this.next();
      if (r.kind !== 'rparen') this.fail("')'", r);
      return { kind: 'list', items };
    }
    if (t.kind === 'string') {
      this.next();
      return { kind: 'value', value: t.text, quoted: true };
    }
    if (t.kind === 'word') {
      const lower = t.text.toLowerCase();
      if (lower === 'empty' || lower === 'null') {
        this.next();
        return { kind: 'empty' };
      }
      if (KEYWORDS.has(lower)) {
        this.fail(
          listExpected ? "'('" : 'either a value, list or function',
          t,
          `You must surround '${t.text}' in quotation marks to use it as a value.`,
        );
      }
      this.next();
      if (this.peek().kind === 'lparen' && this.peek().pos === t.pos + t.text.length) {
        this.next();
        const args: string[] = [];
        if (this.peek().kind !== 'rparen') {
          for (;;) {
            const a = this.next();
            if (a.kind !== 'word' && a.kind !== 'string') this.fail('a function argument', a);
            args.push(a.text);
            if (this.peek().kind !== 'comma') break;
            this.next();
          }
        }
        const r = this.next();
        if (r.kind !== 'rparen') this.fail("')'", r);
        return { kind: 'function', name: t.text, args };
      }
      return { kind: 'value', value: t.text, quoted: false };
    }
    if (t.kind === 'and' || t.kind === 'or' || t.kind === 'not') {
      this.fail(
        'either a value, list or function',
        t,
        `You must surround '${t.text}' in quotation marks to use it as a value.`,
      );
    }
    return this.fail('either a value, list or function', t);
  }

  private sortItem(): SortItem {
    const field = this.field();
    const t = this.peek();
    let dir: SortItem['dir'];
    if (this.isWord(t, 'asc')) {
      this.next();
      dir = 'asc';
    } else if (this.isWord(t, 'desc')) {
      this.next();
      dir = 'desc';
    }
    return { field, dir };
  }
}

/** Parses a JQL query; throws JqlSyntaxError with Jira's message on malformed input. */
export function parseJql(query: string): JqlQuery {
  return new Parser(tokenize(query)).parse();
}
