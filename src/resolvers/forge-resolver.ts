/**
 * `@forge/resolver` is CommonJS with `exports.default = Resolver`. Forge's bundler (esModuleInterop) hands a
 * default import the class; Node's ESM loader (vitest, the local runtime) hands it `module.exports`. This picks
 * the class in both, so the same resolver code runs in Forge and offline.
 */
import * as ResolverModule from '@forge/resolver';

// eslint-disable-next-line @typescript-eslint/consistent-type-imports -- the class type of a CommonJS default export
type ResolverClass = typeof import('@forge/resolver').default;
const mod = ResolverModule as unknown as { default: ResolverClass | { default: ResolverClass } };
export const Resolver: ResolverClass =
  typeof mod.default === 'function' ? mod.default : (mod.default as { default: ResolverClass }).default;
