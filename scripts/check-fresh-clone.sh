#!/usr/bin/env bash
# Runs the README's two commands as a new user would: in a fresh clone in a temporary folder, with
# no terminal, and says what was already there (node_modules, runtimes/ installs, Chromium).
#   setsid bash scripts/check-fresh-clone.sh <repo url or path> [folder] < /dev/null > fresh.log 2>&1
# For a true first run, remove the system Chromium and ~/.cache/ms-playwright first. Exit 0 when
# both commands passed.
set -uo pipefail
src=${1:?repo}
dir=${2:-$(mktemp -d /tmp/fresh.XXXXXX)}
git clone -q "$src" "$dir/cdrkit" || exit 1
cd "$dir/cdrkit"
echo "== $(date -u +%FT%TZ) fresh clone at $(git rev-parse --short HEAD) in $PWD"
echo "== node_modules present: $(ls -d node_modules 2>/dev/null || echo none)"
echo "== runtimes installs present: $(ls -d runtimes/*/node_modules 2>/dev/null || echo none)"
echo "== chromium: $(command -v chromium chromium-browser 2>/dev/null || echo none); playwright cache: $(ls ~/.cache/ms-playwright 2>/dev/null || echo none)"
echo "== terminal: $(tty 2>&1)"
mapfile -t cmds < <(grep -E '^npx .*pnpm@10 ' README.md | head -2 | sed 's/ *#.*$//')
i=0
rc_all=0
for c in "${cmds[@]}"; do
  i=$((i+1))
  echo "== command $i: $c"
  start=$SECONDS
  bash -c "$c"
  rc=$?
  echo "== command $i exit $rc after $((SECONDS-start)) s"
  [ $rc = 0 ] || rc_all=1
done
echo "== both commands: $([ $rc_all = 0 ] && echo passed || echo FAILED)"
exit $rc_all
