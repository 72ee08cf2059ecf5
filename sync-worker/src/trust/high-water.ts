/**
 * Revision high-water marks per signed subject (issue 13, items 2 and 3). A signed mirror proves who made it,
 * not when: anyone who could once write the property can put an older, validly signed value back. The service
 * remembers the highest revision it accepted per subject and refuses a lower one as rolled back.
 *
 * Redis holds the marks for vote tallies and governance mirrors; the portfolio's own signed roll-up also carries
 * the governance revision, so a governance rollback is still caught after Redis was lost (see the writer's
 * `guardRollback`). Losing Redis loses only the tally marks, until the next accepted tally sets them again.
 */
import type { RedisClient } from '../redis.js';
import type { Keys } from '../keys.js';

/** For each (field, revision): 1 when accepted (and the mark raised), 0 when lower than the mark. One round trip. */
const CHECK_AND_RAISE = `
local out = {}
for i = 1, #ARGV, 2 do
  local cur = redis.call('HGET', KEYS[1], ARGV[i])
  if cur and tonumber(cur) > tonumber(ARGV[i + 1]) then
    out[#out + 1] = 0
  else
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
    out[#out + 1] = 1
  end
end
return out`;

export class HighWater {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  /**
   * Accepts each revision that is not lower than the highest accepted for its subject, and raises the mark.
   * `scope` groups subjects in one Redis hash (e.g. `votes:<site>/<projectId>`).
   */
  async accept(
    scope: string,
    revisions: readonly { subject: string; revision: number }[],
  ): Promise<boolean[]> {
    if (revisions.length === 0) return [];
    const args = revisions.flatMap((r) => [r.subject, String(r.revision)]);
    const res = (await this.redis.eval(CHECK_AND_RAISE, 1, this.keys.highWater(scope), ...args)) as number[];
    return res.map((v) => v === 1);
  }
}
