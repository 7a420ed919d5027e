#!/usr/bin/env bash
# End-to-end test of the golangci-lint module plugin (plugin/).
#
# Builds a real golangci-lint with flowvet compiled in, the way
# `golangci-lint custom` does, but without git: `golangci-lint custom` clones
# golangci-lint from GitHub, while this script takes the same source from the
# Go module proxy (go mod download). Then it lints the fixture module
# testdata/golangci/ and checks:
#   1. the exact findings with the example config (testdata/golangci/expected.txt);
#   2. a config that disables one analyzer removes exactly that analyzer's findings;
#   3. //nolint:flowvet silences the finding on its line (the same line,
#      with the directive removed, is reported);
#   4. an unknown analyzer name, or an unknown settings key, stops
#      golangci-lint with flowvet's clear error;
#   5. without settings in .golangci.yml, the plugin reads .flowvet.yml (the
#      flowvet command's file), and a bad one stops it naming file and line.
#
# The copied source and the binary are cached in $FLOWVET_CACHE (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/flowvet); the Go build cache makes a rebuild
# after a change to flowvet take seconds. FLOWVET_GCL_UPDATE=1 rewrites
# expected.txt from the current output instead of comparing (review the diff:
# every line must be a real bug in the fixture).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# The golangci-lint version and the plugin import come from the example
# .custom-gcl.yml that docs/integrations.md shows, so the example is tested.
custom_gcl=$root/docs/golangci/.custom-gcl.yml
gcl_version=$(sed -n 's/^version: *\(v[0-9.]*\) *$/\1/p' "$custom_gcl")
plugin_import=$(sed -n 's/^ *import: *\([^ ]*\) *$/\1/p' "$custom_gcl")
cache=${FLOWVET_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/flowvet}
src=$cache/golangci-$gcl_version-src
bin=$cache/custom-gcl
fixture=$root/testdata/golangci
export GOWORK=off GOTOOLCHAIN=${GOTOOLCHAIN:-local}

log() { printf '[e2e-golangci] %s\n' "$*"; }
fail() { printf '[e2e-golangci] FAIL: %s\n' "$*" >&2; exit 1; }
now() { date +%s; }

[ -n "$gcl_version" ] || fail "no 'version: vX.Y.Z' in $custom_gcl"
[ "$plugin_import" = github.com/flowvet/flowvet/plugin ] ||
  fail "$custom_gcl imports '$plugin_import', want github.com/flowvet/flowvet/plugin"
cmp "$root/docs/golangci/.golangci.yml" "$root/testdata/golangci/.golangci.yml" ||
  fail "docs/golangci/.golangci.yml and testdata/golangci/.golangci.yml differ: the tested config must be the documented one"

mkdir -p "$cache"

# --- 1. golangci-lint's source, from the module proxy --------------------
# Run outside any module so go.mod/go.sum of this checkout stay untouched.
dl=$(cd "$cache" && go mod download -json "github.com/golangci/golangci-lint/v2@$gcl_version")
moddir=$(printf '%s\n' "$dl" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$moddir" ] || fail "go mod download gave no source directory: $dl"

if [ ! -f "$src/.flowvet-copied" ]; then
  log "copying golangci-lint $gcl_version source to $src"
  rm -rf "$src" "$src.tmp"
  cp -R "$moddir" "$src.tmp"
  chmod -R u+w "$src.tmp"
  touch "$src.tmp/.flowvet-copied"
  mv "$src.tmp" "$src"
fi

# --- 2. compile the plugin in ----------------------------------------------
# The binary is rebuilt only when what goes into it changed: the flowvet
# sources the plugin compiles (every file of its non-standard dependencies),
# go.mod/go.sum, this checkout's path, the Go version, and this script.
stamp=$(
  cd "$root"
  {
    echo "$gcl_version $plugin_import $root $(go version)"
    sha256sum go.mod go.sum "$root/scripts/e2e-golangci.sh"
    go list -deps -f '{{if not .Standard}}{{range .GoFiles}}{{$.Dir}}/{{.}}
{{end}}{{range .EmbedFiles}}{{$.Dir}}/{{.}}
{{end}}{{end}}' ./plugin | LC_ALL=C sort | xargs sha256sum
  } | sha256sum | cut -d' ' -f1
)
if [ -x "$bin" ] && [ "$(cat "$bin.stamp" 2>/dev/null)" = "$stamp" ]; then
  log "flowvet unchanged since the last build: using $bin"
else
  # go.mod and go.sum start from golangci-lint's own every time: the replace
  # points at this checkout, which moves (CI clones into a new folder).
  cp "$moddir/go.mod" "$moddir/go.sum" "$src/"
  chmod u+w "$src/go.mod" "$src/go.sum"
  printf '%s\n' \
    'package main' '' \
    "// Module plugins compiled into this binary (written by flowvet's" \
    '// scripts/e2e-golangci.sh, as `golangci-lint custom` would).' \
    'import (' "	_ \"$plugin_import\"" ')' >"$src/cmd/golangci-lint/plugins.go"
  (
    cd "$src"
    go mod edit -replace "github.com/flowvet/flowvet=$root" \
      -require github.com/flowvet/flowvet@v0.0.0-00010101000000-000000000000
    go mod tidy
  )

  # The plugin shares golang.org/x/tools and plugin-module-register with
  # golangci-lint; say when flowvet's requirements moved golangci-lint's.
  for m in golang.org/x/tools github.com/golangci/plugin-module-register; do
    pinned=$(cd "$moddir" && GOFLAGS=-mod=readonly go list -m -f '{{.Version}}' "$m")
    resolved=$(cd "$src" && go list -m -f '{{.Version}}' "$m")
    if [ "$pinned" = "$resolved" ]; then
      log "$m $resolved (same as golangci-lint $gcl_version)"
    else
      log "WARNING: $m resolved to $resolved; golangci-lint $gcl_version pins $pinned"
    fi
  done

  t0=$(now)
  log "building $bin"
  (
    cd "$src"
    go build -trimpath \
      -ldflags "-s -w -X 'main.version=${gcl_version#v}-custom-flowvet' -X 'main.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)'" \
      -o "$bin.tmp" ./cmd/golangci-lint
  )
  mv "$bin.tmp" "$bin"
  echo "$stamp" >"$bin.stamp"
  log "built in $(($(now) - t0))s"
fi
log "$("$bin" version 2>&1 | head -1)"

# --- 3. lint the fixture -----------------------------------------------------
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A fresh golangci-lint cache per run: its result cache is keyed by the
# package sources and the config, not by the plugin's code.
export GOLANGCI_LINT_CACHE=$tmp/gcl-cache

# gcl DIR CONFIG: lint DIR's module with CONFIG, print the findings as
# "file:line:col: analyzer: message (linter)", sorted; the exit code is
# golangci-lint's (1 = findings).
gcl() {
  (
    cd "$1"
    "$bin" run --config "$2" \
      --output.text.path=stdout \
      --output.text.print-issued-lines=false \
      --output.text.colors=false \
      --show-stats=false \
      ./...
  )
}

findings() { # DIR CONFIG OUT: run, keep only finding lines, check exit code
  local rc=0
  gcl "$1" "$2" >"$3.raw" 2>"$3.err" || rc=$?
  grep -E '^[^ ]+\.go:[0-9]+:[0-9]+: ' "$3.raw" | LC_ALL=C sort -t: -k1,1 -k2,2n -k3,3n >"$3" || true
  if [ -s "$3" ] && [ "$rc" != 1 ]; then
    cat "$3.raw" "$3.err" >&2
    fail "golangci-lint exited $rc with findings (want 1)"
  fi
  if [ ! -s "$3" ] && [ "$rc" != 0 ]; then
    cat "$3.raw" "$3.err" >&2
    fail "golangci-lint exited $rc without findings"
  fi
  if grep -v ' (flowvet)$' "$3" >&2; then
    fail "findings above are not flowvet's (a type error in the fixture?)"
  fi
}

t0=$(now)
log "check 1: exact findings with testdata/golangci/.golangci.yml"
findings "$fixture" .golangci.yml "$tmp/all"
if [ "${FLOWVET_GCL_UPDATE:-}" = 1 ]; then
  cp "$tmp/all" "$fixture/expected.txt"
  log "wrote testdata/golangci/expected.txt ($(wc -l <"$tmp/all") findings)"
fi
if ! diff -u "$fixture/expected.txt" "$tmp/all"; then
  fail "findings differ from testdata/golangci/expected.txt (- expected, + got)"
fi
[ -s "$tmp/all" ] || fail "no findings at all: the plugin ran no analyzer"
log "ok: $(wc -l <"$tmp/all") findings as expected"

log "check 2: testdata/golangci/disable.golangci.yml disables one analyzer"
disabled=$(sed -n 's/^ *disable: *\[ *\([a-z]*\) *\]$/\1/p' "$fixture/disable.golangci.yml")
[ -n "$disabled" ] || fail "disable.golangci.yml: no 'disable: [name]' line"
grep -q ": $disabled: " "$tmp/all" || fail "expected.txt has no $disabled finding to disable"
grep -v ": $disabled: " "$tmp/all" >"$tmp/want-disabled" || true
findings "$fixture" disable.golangci.yml "$tmp/disabled"
diff -u "$tmp/want-disabled" "$tmp/disabled" ||
  fail "disabling $disabled should remove exactly its findings"
log "ok: disabling $disabled removed its $(grep -c ": $disabled: " "$tmp/all") findings and nothing else"

log "check 3: //nolint:flowvet silences its line"
nolint=$(cd "$fixture" && grep -rn --include='*.go' '//nolint:flowvet' . | sed 's#^\./##')
[ "$(printf '%s\n' "$nolint" | wc -l)" = 1 ] || fail "want exactly one //nolint:flowvet line in the fixture, got: $nolint"
nolint_file=${nolint%%:*}
nolint_line=$(printf '%s\n' "$nolint" | cut -d: -f2)
grep -q "^$nolint_file:$nolint_line:" "$tmp/all" && fail "$nolint_file:$nolint_line is reported despite //nolint:flowvet"
cp -R "$fixture" "$tmp/nolint"
(cd "$tmp/nolint" && go mod edit -replace "github.com/flowvet/flowvet=$root")
sed -i 's#[[:space:]]*//nolint:flowvet.*$##' "$tmp/nolint/$nolint_file"
findings "$tmp/nolint" .golangci.yml "$tmp/without-nolint"
grep "^$nolint_file:$nolint_line:" "$tmp/without-nolint" >"$tmp/unsilenced" ||
  fail "without //nolint:flowvet, $nolint_file:$nolint_line is not reported either: the check proves nothing"
{ grep -vxF -f "$tmp/all" "$tmp/without-nolint" || true; } | diff -u "$tmp/unsilenced" - ||
  fail "removing //nolint:flowvet should add exactly the findings on its line"
log "ok: //nolint:flowvet silenced: $(cat "$tmp/unsilenced")"

# invalid CONFIG WANT: golangci-lint must fail and print WANT (flowvet's error).
invalid() {
  local rc=0
  gcl "$fixture" "$1" >"$tmp/invalid.out" 2>&1 || rc=$?
  if [ "$rc" = 0 ] || ! grep -qF -- "$2" "$tmp/invalid.out"; then
    cat "$tmp/invalid.out" >&2
    fail "$1: want a failure with '$2' (exit $rc)"
  fi
  log "ok ($1, exit $rc): $(grep -o 'flowvet: [^)]*)' "$tmp/invalid.out" | head -1)"
}

log "check 4: an unknown analyzer or settings key is a clear error"
invalid invalid.golangci.yml 'flowvet: settings: enable: unknown analyzer "backpresure" (known: '
invalid unknown-key.golangci.yml 'flowvet: settings: unknown key "disabled" (valid keys: '

log "check 5: the plugin reads .flowvet.yml, as the flowvet command does"
cp -R "$fixture" "$tmp/flowvetyml"
(cd "$tmp/flowvetyml" && go mod edit -replace "github.com/flowvet/flowvet=$root")
printf '# read by the plugin when .golangci.yml has no flowvet settings\ndisable: [%s]\n' "$disabled" >"$tmp/flowvetyml/.flowvet.yml"
findings "$tmp/flowvetyml" .golangci.yml "$tmp/from-file"
diff -u "$tmp/want-disabled" "$tmp/from-file" ||
  fail ".flowvet.yml with disable: [$disabled] should remove exactly its findings"
log "ok: .flowvet.yml disabled $disabled"
printf 'disable: [%s]\ngenerated: lax\n' "$disabled" >"$tmp/flowvetyml/.flowvet.yml"
cp "$fixture/.golangci.yml" "$tmp/flowvetyml/bad.golangci.yml"
rc=0
gcl "$tmp/flowvetyml" bad.golangci.yml >"$tmp/badfile.out" 2>&1 || rc=$?
if [ "$rc" = 0 ] || ! grep -qF '.flowvet.yml:2: generated: "lax": want skip or report' "$tmp/badfile.out"; then
  cat "$tmp/badfile.out" >&2
  fail "a bad .flowvet.yml: want golangci-lint to stop with the file and line (exit $rc)"
fi
log "ok (exit $rc): a bad .flowvet.yml names its file and line"

log "lint runs took $(($(now) - t0))s"
log "PASS"
