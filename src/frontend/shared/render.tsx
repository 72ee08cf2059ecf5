/**
 * Mounts a UI Kit app. `@forge/react` is CommonJS with `exports.default = ForgeReconciler`; Forge's bundler hands
 * a default import the reconciler, Node's ESM loader hands it `module.exports`. This works in both.
 */
import * as ForgeReact from '@forge/react';
import type { ReactElement } from 'react';

type Reconciler = { render: (element: ReactElement) => void };
const mod = ForgeReact as unknown as { default: Reconciler | { default: Reconciler } };
export const ForgeReconciler: Reconciler =
  'render' in mod.default ? mod.default : (mod.default as { default: Reconciler }).default;

export function mount(element: ReactElement): void {
  ForgeReconciler.render(element);
}
