#!/usr/bin/env bash
# Entry for every npm script: bootstrap the machine, then run scripts/<name>.ts on Node 24.
#   bash scripts/run.sh start | test | bench-plusone | db-migrate | ...
set -euo pipefail
name="$1"; shift
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "$name" = test ] && export JIAYI_NEED_BROWSER=1
# shellcheck source=bootstrap.sh
source "$root/scripts/bootstrap.sh"
cd "$root"
# Node keeps the code it compiled (our TypeScript included) for the next process: a test run
# starts a hundred API, worker and sandbox processes over the same modules.
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-$JIAYI_CACHE/node-compile-cache}"
exec node "scripts/$name.ts" "$@"
