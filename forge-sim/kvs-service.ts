/**
 * A local Forge storage service: the KVS REST API that `@forge/kvs` 1.6 sends through `__forge_fetch__`
 * (`POST /api/v1/get`, `/set`, `/delete`, `/query`, `/batch/*`, `/secret/*`, `/entity/get|set|delete`,
 * `/transaction`), with Atlassian's published limits. In-process and in memory; `listen()` also serves it over
 * HTTP for the local demo.
 *
 * Behaviour modelled (names of error codes follow what @forge/kvs checks for, or Atlassian's docs; where Atlassian
 * does not document a code the sim's choice is marked "sim"):
 * - keys: 1..500 characters matching `^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$`, else 400 `INVALID_KEY` (sim)
 * - values: JSON, at most 240 KiB serialised, else 413 `VALUE_TOO_LARGE` (sim)
 * - `get` of a missing key: 404 `KEY_NOT_FOUND` (@forge/kvs turns this into `undefined`)
 * - `set` with `keyPolicy: 'FAIL_IF_EXISTS'`: 409 `KEY_CONFLICT` when the key exists (atomic, one winner)
 * - `set` with `returnValue: 'PREVIOUS' | 'LATEST'`: answers the value
 * - `ttl`: the key expires after the given time (the clock is injectable)
 * - `query`: keys in ascending order, `where: [{ property: 'key', condition: 'BEGINS_WITH' }]`, `limit` 1..100
 *   (default 10), an opaque `cursor` that continues after the last key of the page
 * - batch get/set/delete: at most 25 items
 * - transactions: at most 25 operations on distinct keys, conditions evaluated on entity values (missing item =
 *   every attribute missing), all or nothing; a failed condition is 409 `CONDITION_CHECK_FAILED` (sim)
 * - rate limit: optional writes/reads per minute; beyond, 429 `RATE_LIMIT_EXCEEDED`
 * - fault injection: `failNext(n, status, code)`; every request is counted in `calls`
 */
import { createServer, type Server } from 'node:http';

export const KVS_LIMITS = {
  keyLength: 500,
  valueBytes: 240 * 1024,
  transactionOps: 25,
  batchItems: 25,
  queryMaxLimit: 100,
  queryDefaultLimit: 10,
} as const;

const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;

interface Item {
  value: unknown;
  createdAt: number;
  updatedAt: number;
  expiresAt?: number;
}

type Condition = { property: string; condition: string; values: unknown[] };
type Conditions = { and?: Condition[]; or?: Condition[] };

export interface KvsServiceOptions {
  now?: () => number;
  /** Requests per minute before 429 RATE_LIMIT_EXCEEDED (Atlassian: about 4,000 reads and 4,000 writes). */
  readsPerMinute?: number;
  writesPerMinute?: number;
}

class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface KvsReply {
  status: number;
  body?: unknown;
}

export class KvsService {
  private readonly items = new Map<string, Item>();
  private readonly secrets = new Map<string, Item>();
  private readonly entities = new Map<string, Map<string, Item>>();
  private readonly now: () => number;
  private faults: { remaining: number; status: number; code: string }[] = [];
  private window: { start: number; reads: number; writes: number } = { start: 0, reads: 0, writes: 0 };
  /** Every request, in order: `{ path, key? }`. */
  readonly calls: { path: string; key?: string }[] = [];

  constructor(private readonly options: KvsServiceOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** The next `count` requests answer `status` with `{ code }`. */
  failNext(count: number, status = 500, code = 'INTERNAL_SERVER_ERROR'): void {
    this.faults.push({ remaining: count, status, code });
  }

  /** Test helper: a copy of every plain key and value (expired keys excluded). */
  dump(prefix = ''): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of [...this.items.keys()].sort()) {
      const item = this.live(this.items, key);
      if (item && key.startsWith(prefix)) out[key] = clone(item.value);
    }
    return out;
  }

  /** Test helper: whether a secret is stored under `key` (its value is never handed out here). */
  hasSecret(key: string): boolean {
    return this.live(this.secrets, key) !== undefined;
  }

  clear(): void {
    this.items.clear();
    this.secrets.clear();
    this.entities.clear();
  }

  /** `fetch`-shaped entry point used by the `__forge_fetch__` router. */
  async fetch(path: string, init?: { method?: string; body?: unknown }): Promise<Response> {
    let body: unknown = undefined;
    if (typeof init?.body === 'string' && init.body !== '') {
      try {
        body = JSON.parse(init.body);
      } catch {
        return json({ status: 400, body: { code: 'BAD_REQUEST', message: 'Body is not JSON' } });
      }
    }
    return json(this.handle(path, body));
  }

  handle(path: string, body: unknown): KvsReply {
    const req = (body ?? {}) as Record<string, unknown>;
    this.calls.push({ path, key: typeof req.key === 'string' ? req.key : undefined });
    try {
      const fault = this.faults[0];
      if (fault) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) this.faults.shift();
        throw new KvsError(fault.status, fault.code, `Injected fault ${fault.code}`);
      }
      this.rateLimit(path);
      return this.route(path, req);
    } catch (e) {
      if (e instanceof KvsError) return { status: e.status, body: { code: e.code, message: e.message } };
      throw e;
    }
  }

  private rateLimit(path: string): void {
    const { readsPerMinute, writesPerMinute } = this.options;
    if (readsPerMinute === undefined && writesPerMinute === undefined) return;
    const t = this.now();
    if (t - this.window.start >= 60_000) this.window = { start: t, reads: 0, writes: 0 };
    const write = /\/(set|delete|transaction)$/.test(path);
    if (write) this.window.writes += 1;
    else this.window.reads += 1;
    if (
      (write && writesPerMinute !== undefined && this.window.writes > writesPerMinute) ||
      (!write && readsPerMinute !== undefined && this.window.reads > readsPerMinute)
    ) {
      throw new KvsError(429, 'RATE_LIMIT_EXCEEDED', 'Storage rate limit exceeded');
    }
  }

  private route(path: string, req: Record<string, unknown>): KvsReply {
    switch (path) {
      case '/api/v1/get':
        return this.get(this.items, req);
      case '/api/v1/set':
        return this.set(this.items, req);
      case '/api/v1/delete':
        return this.del(this.items, req);
      case '/api/v1/query':
        return this.query(req);
      case '/api/v1/secret/get':
        return this.get(this.secrets, req);
      case '/api/v1/secret/set':
        return this.set(this.secrets, req);
      case '/api/v1/secret/delete':
        return this.del(this.secrets, req);
      case '/api/v1/entity/get':
        return this.get(this.entity(req.entityName), req);
      case '/api/v1/entity/set':
        return this.set(this.entity(req.entityName), req);
      case '/api/v1/entity/delete':
        return this.del(this.entity(req.entityName), req);
      case '/api/v1/batch/get':
        return this.batch(req, 'get');
      case '/api/v1/batch/set':
        return this.batch(req, 'set');
      case '/api/v1/batch/delete':
        return this.batch(req, 'delete');
      case '/api/v1/transaction':
        return this.transaction(req);
      default:
        throw new KvsError(404, 'NOT_FOUND', `The local storage service does not implement ${path}`);
    }
  }

  private entity(name: unknown): Map<string, Item> {
    if (typeof name !== 'string' || !/^[a-z0-9:\-_.]{3,60}$/.test(name)) {
      throw new KvsError(400, 'INVALID_ENTITY_NAME', `Invalid entity name ${JSON.stringify(name)}`);
    }
    let map = this.entities.get(name);
    if (!map) this.entities.set(name, (map = new Map()));
    return map;
  }

  private live(map: Map<string, Item>, key: string): Item | undefined {
    const item = map.get(key);
    if (item?.expiresAt !== undefined && item.expiresAt <= this.now()) {
      map.delete(key);
      return undefined;
    }
    return item;
  }

  private checkKey(key: unknown): string {
    if (
      typeof key !== 'string' ||
      key.length === 0 ||
      key.length > KVS_LIMITS.keyLength ||
      !KEY_PATTERN.test(key)
    ) {
      throw new KvsError(
        400,
        'INVALID_KEY',
        `Invalid key: 1..${KVS_LIMITS.keyLength} characters of [a-zA-Z0-9:._ -#] required`,
      );
    }
    return key;
  }

  private checkValue(value: unknown): unknown {
    if (value === undefined) throw new KvsError(400, 'BAD_REQUEST', 'A value is required');
    const size = Buffer.byteLength(JSON.stringify(value), 'utf8');
    if (size > KVS_LIMITS.valueBytes) {
      throw new KvsError(
        413,
        'VALUE_TOO_LARGE',
        `Value is ${size} bytes; the limit is ${KVS_LIMITS.valueBytes}`,
      );
    }
    return clone(value);
  }

  private metadata(key: string, item: Item) {
    return {
      key,
      value: clone(item.value),
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
      ...(item.expiresAt !== undefined ? { expireTime: new Date(item.expiresAt).toISOString() } : {}),
    };
  }

  private get(map: Map<string, Item>, req: Record<string, unknown>): KvsReply {
    const key = this.checkKey(req.key);
    const item = this.live(map, key);
    if (!item) throw new KvsError(404, 'KEY_NOT_FOUND', `No value for key ${key}`);
    return { status: 200, body: this.metadata(key, item) };
  }

  private write(
    map: Map<string, Item>,
    key: string,
    value: unknown,
    options: Record<string, unknown> | undefined,
  ) {
    const previous = this.live(map, key);
    const t = this.now();
    const ttl = options?.ttl as { value: number; unit: string } | undefined;
    const item: Item = { value, createdAt: previous?.createdAt ?? t, updatedAt: t };
    if (ttl) {
      const unit = { SECONDS: 1_000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 }[ttl.unit];
      if (!unit || !Number.isFinite(ttl.value) || ttl.value <= 0) {
        throw new KvsError(
          400,
          'INVALID_TTL',
          'ttl must be a positive value in SECONDS, MINUTES, HOURS or DAYS',
        );
      }
      item.expiresAt = t + ttl.value * unit;
    }
    map.set(key, item);
    return { previous, item };
  }

  private set(map: Map<string, Item>, req: Record<string, unknown>): KvsReply {
    const key = this.checkKey(req.key);
    const value = this.checkValue(req.value);
    const options = req.options as Record<string, unknown> | undefined;
    if (options?.keyPolicy === 'FAIL_IF_EXISTS' && this.live(map, key)) {
      throw new KvsError(409, 'KEY_CONFLICT', `Key ${key} already exists`);
    }
    const { previous, item } = this.write(map, key, value, options);
    if (options?.returnValue === 'LATEST') return { status: 200, body: this.metadata(key, item) };
    if (options?.returnValue === 'PREVIOUS') {
      return { status: 200, body: previous ? this.metadata(key, previous) : undefined };
    }
    return { status: 204 };
  }

  private del(map: Map<string, Item>, req: Record<string, unknown>): KvsReply {
    const key = this.checkKey(req.key);
    map.delete(key);
    return { status: 204 };
  }

  private query(req: Record<string, unknown>): KvsReply {
    const limit = req.limit === undefined ? KVS_LIMITS.queryDefaultLimit : Number(req.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > KVS_LIMITS.queryMaxLimit) {
      throw new KvsError(400, 'INVALID_LIMIT', `limit must be 1..${KVS_LIMITS.queryMaxLimit}`);
    }
    const where = (req.where as Condition[] | undefined) ?? [];
    let prefix = '';
    for (const w of where) {
      if (w.property !== 'key' || w.condition !== 'BEGINS_WITH' || typeof w.values?.[0] !== 'string') {
        throw new KvsError(400, 'INVALID_QUERY', 'Only where key BEGINS_WITH <string> is supported');
      }
      prefix = w.values[0];
    }
    let after: string | undefined;
    if (typeof req.after === 'string') {
      try {
        after = Buffer.from(req.after, 'base64url').toString('utf8');
      } catch {
        throw new KvsError(400, 'INVALID_CURSOR', 'Cursor is not valid');
      }
    }
    const keys = [...this.items.keys()]
      .filter((k) => k.startsWith(prefix) && (after === undefined || k > after) && this.live(this.items, k))
      .sort();
    const page = keys.slice(0, limit);
    const last = page[page.length - 1];
    return {
      status: 200,
      body: {
        data: page.map((k) => {
          const item = this.items.get(k)!;
          return { key: k, value: clone(item.value) };
        }),
        ...(keys.length > limit && last !== undefined
          ? { cursor: Buffer.from(last).toString('base64url') }
          : {}),
      },
    };
  }

  private batch(req: unknown, op: 'get' | 'set' | 'delete'): KvsReply {
    if (!Array.isArray(req)) throw new KvsError(400, 'BAD_REQUEST', 'A batch is an array');
    if (req.length > KVS_LIMITS.batchItems) {
      throw new KvsError(400, 'TOO_MANY_ITEMS', `At most ${KVS_LIMITS.batchItems} items per batch`);
    }
    const successfulKeys: unknown[] = [];
    const failedKeys: unknown[] = [];
    for (const raw of req as Record<string, unknown>[]) {
      const map = raw.entityName === undefined ? this.items : this.entity(raw.entityName);
      const reply = this.handleItem(() =>
        op === 'get' ? this.get(map, raw) : op === 'set' ? this.set(map, raw) : this.del(map, raw),
      );
      const ref = { key: raw.key, ...(raw.entityName ? { entityName: raw.entityName } : {}) };
      if (reply.status < 300) {
        successfulKeys.push(op === 'get' ? { ...(reply.body as object), ...ref } : ref);
      } else {
        failedKeys.push({ ...ref, error: reply.body });
      }
    }
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private handleItem(fn: () => KvsReply): KvsReply {
    try {
      return fn();
    } catch (e) {
      if (e instanceof KvsError) return { status: e.status, body: { code: e.code, message: e.message } };
      throw e;
    }
  }

  private transaction(req: Record<string, unknown>): KvsReply {
    type Op = {
      key: unknown;
      value?: unknown;
      entityName?: unknown;
      conditions?: Conditions;
      options?: unknown;
    };
    const sets = (req.set as Op[] | undefined) ?? [];
    const deletes = (req.delete as Op[] | undefined) ?? [];
    const checks = (req.check as Op[] | undefined) ?? [];
    const all = [...sets, ...deletes, ...checks];
    if (all.length === 0)
      throw new KvsError(400, 'BAD_REQUEST', 'A transaction needs at least one operation');
    if (all.length > KVS_LIMITS.transactionOps) {
      throw new KvsError(
        400,
        'TOO_MANY_OPERATIONS',
        `At most ${KVS_LIMITS.transactionOps} operations per transaction`,
      );
    }
    const seen = new Set<string>();
    for (const op of all) {
      const id = `${String(op.entityName ?? '')}/${this.checkKey(op.key)}`;
      if (seen.has(id)) throw new KvsError(400, 'DUPLICATE_KEY', `Key ${String(op.key)} appears twice`);
      seen.add(id);
    }
    // Validate everything first, then evaluate every condition, then apply: all or nothing.
    const prepared = sets.map((op) => ({ op, value: this.checkValue(op.value) }));
    for (const op of all) {
      if (!op.conditions) continue;
      const map = op.entityName === undefined ? this.items : this.entity(op.entityName);
      const current = this.live(map, op.key as string);
      if (!evaluate(op.conditions, current?.value)) {
        throw new KvsError(409, 'CONDITION_CHECK_FAILED', `Condition on key ${String(op.key)} failed`);
      }
    }
    for (const { op, value } of prepared) {
      const map = op.entityName === undefined ? this.items : this.entity(op.entityName);
      this.write(map, op.key as string, value, op.options as Record<string, unknown> | undefined);
    }
    for (const op of deletes) {
      const map = op.entityName === undefined ? this.items : this.entity(op.entityName);
      map.delete(op.key as string);
    }
    return { status: 204 };
  }

  /** Serves the same API over HTTP (for the demo); resolves with the base URL. */
  async listen(port = 0, host = '127.0.0.1'): Promise<{ url: string; server: Server }> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        let body: unknown;
        try {
          const text = Buffer.concat(chunks).toString('utf8');
          body = text ? JSON.parse(text) : undefined;
        } catch {
          response.writeHead(400, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ code: 'BAD_REQUEST', message: 'Body is not JSON' }));
          return;
        }
        const reply = this.handle((request.url ?? '').split('?')[0] ?? '', body);
        response.writeHead(
          reply.status,
          reply.body === undefined ? {} : { 'content-type': 'application/json' },
        );
        response.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    return { url: `http://${host}:${actualPort}`, server };
  }
}

function evaluate(conditions: Conditions, value: unknown): boolean {
  const attrs = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const test = (c: Condition): boolean => {
    const v = attrs[c.property];
    const [a, b] = c.values;
    switch (c.condition) {
      case 'EXISTS':
        return v !== undefined;
      case 'NOT_EXISTS':
        return v === undefined;
      case 'EQUAL_TO':
        return v === a;
      case 'NOT_EQUAL_TO':
        return v !== a;
      case 'GREATER_THAN':
        return v !== undefined && (v as number) > (a as number);
      case 'GREATER_THAN_EQUAL_TO':
        return v !== undefined && (v as number) >= (a as number);
      case 'LESS_THAN':
        return v !== undefined && (v as number) < (a as number);
      case 'LESS_THAN_EQUAL_TO':
        return v !== undefined && (v as number) <= (a as number);
      case 'BETWEEN':
        return v !== undefined && (v as number) >= (a as number) && (v as number) <= (b as number);
      case 'BEGINS_WITH':
        return typeof v === 'string' && v.startsWith(String(a));
      case 'CONTAINS':
        return (typeof v === 'string' || Array.isArray(v)) && v.includes(a as never);
      case 'NOT_CONTAINS':
        return !((typeof v === 'string' || Array.isArray(v)) && v.includes(a as never));
      default:
        throw new KvsError(400, 'INVALID_CONDITION', `Unknown condition ${c.condition}`);
    }
  };
  if (conditions.and) return conditions.and.every(test);
  if (conditions.or) return conditions.or.some(test);
  return true;
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function json(reply: KvsReply): Response {
  if (reply.body === undefined) return new Response(null, { status: reply.status });
  return new Response(JSON.stringify(reply.body), {
    status: reply.status,
    headers: { 'content-type': 'application/json' },
  });
}
