/**
 * The import graph of the project's own sources, read with the TypeScript compiler's parser (no type checking, so
 * it is fast): every `import`, `import type`, `export … from`, `import('…')` and `import('…').T` type counts, as the
 * bundler's ts-loader follows type imports too when it checks a UI Kit resource. A relative specifier resolves as
 * the bundler's `moduleResolution: Bundler` does (extensionless, `.js` standing for `.ts`, a folder's `index`);
 * a bare one is a package, named and not followed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(import.meta.dirname, '../..');

/** A module reached from an entry, with the chain of files that reaches it (entry first). */
export interface Reached {
  /** A root-relative path (`src/app/storage.ts`) or a package name (`jira.js`, `@forge/api`). */
  module: string;
  chain: string[];
}

const EXTENSIONS = ['.ts', '.tsx', '.d.ts'];

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(js|jsx|mjs|cjs)$/, '');
  const candidates = [
    base,
    ...EXTENSIONS.map((e) => stem + e),
    ...EXTENSIONS.map((e) => join(base, 'index' + e)),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Every module specifier a source file names, type-only ones included. */
export function specifiersOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    false,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (ts.isStringLiteral(e)) found.push(e.text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push(node.argument.literal.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Everything reachable from `entries` (absolute paths): each of the project's files and each package once, with
 * the shortest chain that reaches it (breadth first). A relative import that resolves to no file is reported as
 * `unresolved:<file> → <specifier>`, so a walker that silently lost its way cannot pass.
 */
export function reachable(entries: string[]): Map<string, Reached> {
  const seen = new Map<string, Reached>();
  const queue: { file: string; chain: string[] }[] = [];
  for (const entry of entries) {
    const module = relative(ROOT, entry);
    if (seen.has(module)) continue;
    seen.set(module, { module, chain: [module] });
    queue.push({ file: entry, chain: [module] });
  }
  while (queue.length > 0) {
    const { file, chain } = queue.shift()!;
    for (const specifier of specifiersOf(file)) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = resolveRelative(file, specifier);
        if (!target) {
          const module = `unresolved:${relative(ROOT, file)} → ${specifier}`;
          seen.set(module, { module, chain: [...chain, module] });
          continue;
        }
        const module = relative(ROOT, target);
        if (seen.has(module)) continue;
        const next = [...chain, module];
        seen.set(module, { module, chain: next });
        queue.push({ file: target, chain: next });
      } else {
        const module = packageName(specifier);
        if (!seen.has(module)) seen.set(module, { module, chain: [...chain, module] });
      }
    }
  }
  return seen;
}
