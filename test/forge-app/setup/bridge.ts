/**
 * A fake Forge bridge for render tests of UI Kit components. @forge/bridge captures
 * `globalThis.__bridge.callBridge` when it is first loaded, so this module must be imported before any component
 * (import it first in the test file). `setBridge()` points it at a handler; `getContext` answers the product
 * context (locale, extension) and `invoke` calls the real resolver handler through the local Forge runtime.
 */
type Handler = (name: string, payload: unknown) => Promise<unknown> | unknown;

let handler: Handler = () => undefined;
let inFlight = 0;

const g = globalThis as Record<string, unknown>;
g.self = globalThis;
g.IS_REACT_ACT_ENVIRONMENT = true;
g.__bridge = {
  callBridge: async (name: string, payload: unknown) => {
    inFlight++;
    try {
      return await handler(name, payload);
    } finally {
      inFlight--;
    }
  },
};

export function setBridge(h: Handler): void {
  handler = h;
}

/** How many bridge calls are still running (render tests wait for 0). */
export function pendingBridgeCalls(): number {
  return inFlight;
}
