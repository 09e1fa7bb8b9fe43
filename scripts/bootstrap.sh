#!/usr/bin/env bash
# Brings a fresh machine to what Jiayi needs, idempotently, and exports PATH with Node 24.
# Sourced by scripts/run.sh; every step is skipped when already done.
#   - Node 24 LTS from the npm registry (the node-linux-<arch> package ships the binary)
#   - npm dependencies (npm ci when package-lock.json changed)
#   - the Go-built servers, with `go install` into a cache outside the clone, side by side:
#     the Temporal CLI (its dev server), versitygw (an S3-compatible store for the S3 storage
#     driver), mailpit (an SMTP server whose API shows what arrived) and stripe-mock (Stripe's
#     OpenAPI-validating mock, which the Stripe contract test checks our requests against)
#   - Debian's chromium for browser tests (only with JIAYI_NEED_BROWSER=1)
#   - the Prisma client (generated offline)
set -euo pipefail

JIAYI_CACHE="${JIAYI_CACHE:-$HOME/.cache/jiayi}"
NODE_VERSION="24.21.0"
TEMPORAL_CLI_VERSION="v1.5.1"
VERSITYGW_VERSION="v1.8.0"
MAILPIT_VERSION="v1.33.1"
STRIPE_MOCK_VERSION="v0.197.0"
export JIAYI_CACHE
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf '\033[2m[bootstrap]\033[0m %s\n' "$*" >&2; }
mkdir -p "$JIAYI_CACHE"

# Go-built servers (started first: they build while npm installs) ---------------------------
go_builds=()
# go_tool <dir name> <module>@<version> <binary>: builds into $JIAYI_CACHE/<dir name> once.
go_tool() {
  local dir="$JIAYI_CACHE/$1"
  [ -x "$dir/$3" ] && return 0
  command -v go >/dev/null || { echo "Go is needed once to build $2 (apt-get install golang-go)" >&2; exit 1; }
  say "building $2 with go install (a few minutes, once)"
  ( rm -rf "$dir.partial" && GOBIN="$dir.partial" go install "$2" >"$JIAYI_CACHE/$1.log" 2>&1 \
      && rm -rf "$dir" && mv "$dir.partial" "$dir" ) &
  go_builds+=("$!:$2")
}
go_tool "temporal-$TEMPORAL_CLI_VERSION" "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" temporal
go_tool "versitygw-$VERSITYGW_VERSION" "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION" versitygw
go_tool "mailpit-$MAILPIT_VERSION" "github.com/axllent/mailpit@$MAILPIT_VERSION" mailpit
go_tool "stripe-mock-$STRIPE_MOCK_VERSION" "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION" stripe-mock


# Node 24 -------------------------------------------------------------------------------
case "$(uname -m)" in
  x86_64) node_arch=x64 ;;
  aarch64 | arm64) node_arch=arm64 ;;
  *) echo "unsupported CPU $(uname -m)" >&2; exit 1 ;;
esac
node_dir="$JIAYI_CACHE/node-$NODE_VERSION"
if [ ! -x "$node_dir/bin/node" ]; then
  say "installing Node $NODE_VERSION from the npm registry"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-$node_arch@$NODE_VERSION" >/dev/null)
  mkdir -p "$node_dir.partial"
  tar xzf "$tmp"/node-linux-*.tgz -C "$node_dir.partial" --strip-components=1
  rm -rf "$tmp" "$node_dir"
  mv "$node_dir.partial" "$node_dir"
fi
export PATH="$node_dir/bin:$root/node_modules/.bin:$PATH"

# npm dependencies ----------------------------------------------------------------------
stamp="$root/node_modules/.jiayi-lock-sha"
lock_sha="$(sha256sum "$root/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sha" ]; then
  say "installing npm dependencies"
  # npm install, not npm ci: it installs the locked versions too, and tolerates the optional
  # per-platform packages (@swc/core-*) that npm leaves out of lock files it writes on Linux.
  (cd "$root" && npm install --no-audit --no-fund --loglevel=error)
  echo "$lock_sha" >"$stamp"
fi

# Chromium (browser tests only) ---------------------------------------------------------
if [ "${JIAYI_NEED_BROWSER:-0}" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium for browser tests"
  apt_get() { if [ "$(id -u)" = 0 ]; then apt-get "$@"; else sudo apt-get "$@"; fi; }
  apt_get update -qq
  DEBIAN_FRONTEND=noninteractive apt_get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

# Prisma client -------------------------------------------------------------------------
schema_sha="$(sha256sum "$root/prisma/schema.prisma" | cut -d' ' -f1)"
gen_stamp="$root/db/generated/.schema-sha"
if [ ! -f "$gen_stamp" ] || [ "$(cat "$gen_stamp")" != "$schema_sha" ]; then
  say "generating the Prisma client"
  # The schema engine is a native download we cannot fetch; generate does not need it.
  (cd "$root" && PRISMA_SCHEMA_ENGINE_BINARY=/bin/true prisma generate >/dev/null)
  echo "$schema_sha" >"$gen_stamp"
fi

# Wait for the Go builds ---------------------------------------------------------------------
for build in "${go_builds[@]}"; do
  wait "${build%%:*}" || { echo "go install ${build#*:} failed; see $JIAYI_CACHE/*.log" >&2; exit 1; }
done
