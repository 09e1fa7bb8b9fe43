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
exec node "scripts/$name.ts" "$@"
