// Shared vitest setup. UI Kit render tests install their fake Forge bridge from here, because
// @forge/bridge reads globalThis.__bridge once, when it is first loaded (see docs/forge-app.md).
export {};
