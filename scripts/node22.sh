#!/usr/bin/env sh
# Prints the path of a Node 22 binary: Forge runs the app on `nodejs22.x`, so the release suite (the built
# bundles replayed, test/forge-release) runs on Node 22 whatever Node the machine has. If `node` already is 22
# it is used; otherwise Node's own binary package from the npm registry (node-<os>-<arch>@22, the same files as
# nodejs.org's tarball) is installed once into .cache/node22/ (gitignored). No project dependency, so installs on
# other platforms are not affected. Progress goes to stderr; stdout is only the path.
set -eu
cd "$(dirname "$0")/.."
if node -p 'process.versions.node.split(".")[0]' 2>/dev/null | grep -qx 22; then
  command -v node
  exit 0
fi
os=$(node -p 'process.platform')
arch=$(node -p 'process.arch')
pkg="node-${os}-${arch}"
bin=".cache/node22/node_modules/${pkg}/bin/node"
if [ ! -x "$bin" ]; then
  echo "installing ${pkg}@22 into .cache/node22 (once)" >&2
  mkdir -p .cache/node22
  npm install --prefix .cache/node22 --no-save --no-audit --no-fund --no-package-lock "${pkg}@22" >&2
fi
"$bin" --version >&2
printf '%s\n' "$(pwd)/$bin"
