#!/usr/bin/env bash
# End-to-end test of `flowvet -sarif`: runs it on the fixture module
# testdata/e2e and validates the output for real:
#   1. with Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool-linux):
#      the official SARIF 2.1.0 JSON schema it ships, its SARIF rules and its
#      GitHub code scanning ingestion rules (--rule-kind "Sarif;Gh"); any
#      error or warning fails;
#   2. with structural checks of our own: one result per line of
#      testdata/e2e/expected.txt at the same position and analyzer, rules
#      (a flowvet analyzer's rule IDs, tagged with its name) with
#      descriptions and helpUri, locations relative to %SRCROOT%, fixes.
# A deliberately broken copy must be rejected, so a validator that passes
# everything cannot go unnoticed.
#
# Needs Go, Node.js/npm and the npm registry; the Multitool (about 100 MB) is
# installed once into $FLOWVET_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/flowvet).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
MULTITOOL_VERSION=5.7.0
cache=${FLOWVET_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/flowvet}/sarif-multitool-$MULTITOOL_VERSION
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "building flowvet"
(cd "$root" && go build -o "$tmp/flowvet" ./cmd/flowvet)

echo "flowvet -sarif ./... in testdata/e2e"
set +e
(cd "$root/testdata/e2e" && "$tmp/flowvet" -sarif ./... >"$tmp/e2e.sarif" 2>"$tmp/stderr")
code=$?
set -e
if [ "$code" -ne 3 ]; then
  echo "flowvet -sarif: exit $code, want 3 (findings)"; cat "$tmp/stderr"; exit 1
fi

# The Multitool, from the npm registry, cached.
if ! [ -f "$cache/node_modules/@microsoft/sarif-multitool-linux/package.json" ]; then
  echo "installing @microsoft/sarif-multitool-linux@$MULTITOOL_VERSION into $cache"
  mkdir -p "$cache"
  npm_config_cache="$cache/npm-cache" npm install --prefix "$cache" --no-audit --no-fund --no-save --loglevel=error \
    "@microsoft/sarif-multitool-linux@$MULTITOOL_VERSION" >/dev/null
fi
pkg="$cache/node_modules/@microsoft/sarif-multitool-linux"
multitool=$(cd "$cache" && node -p 'require("@microsoft/sarif-multitool-linux")')
schema="$pkg/sarif-2.1.0.json"
[ -x "$multitool" ] || { echo "no Multitool binary at $multitool"; exit 1; }
[ -f "$schema" ] || { echo "no SARIF schema at $schema"; exit 1; }
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# validate FILE OUT: runs the Multitool; prints its errors and warnings and
# returns 1 if there are any (its own exit code is 0 either way).
validate() {
  rm -f "$2"
  "$multitool" validate --rule-kind "Sarif;Gh" -j "$schema" -o "$2" "$1" >"$2.log" 2>&1 || {
    cat "$2.log"; echo "Multitool failed"; return 2; }
  node - "$2" <<'JS'
const fs = require("fs");
const log = JSON.parse(fs.readFileSync(process.argv[2], "utf8").replace(/^\uFEFF/, ""));
let bad = 0;
for (const run of log.runs) {
  for (const r of run.results || []) {
    const level = r.level || "warning";
    if (level === "error" || level === "warning") {
      bad++;
      const args = (r.message && r.message.arguments || []).join(" | ");
      console.log(`  ${level} ${r.ruleId}: ${args}`);
    }
  }
}
process.exit(bad ? 1 : 0);
JS
}

echo "validating with SARIF Multitool $MULTITOOL_VERSION (schema, SARIF and GitHub rules)"
if ! validate "$tmp/e2e.sarif" "$tmp/validation.sarif"; then
  echo "FAIL: the Multitool rejects flowvet's SARIF"; exit 1
fi

echo "negative control: a broken copy must be rejected"
node -e '
const fs = require("fs");
const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
d.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
d.runs[0].results[0].ruleId = 7;
fs.writeFileSync(process.argv[2], JSON.stringify(d));
' "$tmp/e2e.sarif" "$tmp/broken.sarif"
if validate "$tmp/broken.sarif" "$tmp/broken-validation.sarif" >/dev/null; then
  echo "FAIL: the Multitool accepted a SARIF file with startLine 0 and a numeric ruleId"; exit 1
fi

echo "structural checks against testdata/e2e/expected.txt"
node - "$tmp/e2e.sarif" "$root/testdata/e2e/expected.txt" "$root/testdata/e2e" <<'JS'
const fs = require("fs");
const [sarifPath, expectedPath, dir] = process.argv.slice(2);
const log = JSON.parse(fs.readFileSync(sarifPath, "utf8"));
const fail = (msg) => { console.log("FAIL: " + msg); process.exitCode = 1; };

if (log.version !== "2.1.0") fail("version " + log.version);
if (log.runs.length !== 1) fail("runs: " + log.runs.length);
const run = log.runs[0];
const rules = run.tool.driver.rules;
if (run.tool.driver.name !== "flowvet") fail("driver name " + run.tool.driver.name);
const base = run.originalUriBaseIds && run.originalUriBaseIds["%SRCROOT%"];
if (!base || base.uri !== "file://" + fs.realpathSync(dir) + "/") fail("%SRCROOT% is " + JSON.stringify(base));
if (!run.invocations[0].executionSuccessful) fail("executionSuccessful is false");

for (const r of rules) {
  for (const k of ["shortDescription", "fullDescription", "help"]) {
    if (!r[k] || !r[k].text) fail(`rule ${r.id}: no ${k}`);
  }
  if (!r.name || r.name.toLowerCase() === r.id.toLowerCase()) fail(`rule ${r.id}: name ${r.name}`);
  if (!/^https:\/\//.test(r.helpUri || "")) fail(`rule ${r.id}: helpUri ${r.helpUri}`);
}
// A flowvet analyzer's rules are its rule IDs (analyzers/*/rules.go),
// tagged with the analyzer's name; a vet analyzer is one rule, its name.
const analyzerOf = (r) => (r.properties && r.properties.tags || [])[0];
for (const r of rules) {
  if (!analyzerOf(r)) fail(`rule ${r.id}: no analyzer tag`);
}
for (const [letter, name] of [["B", "backpressure"], ["W", "writeafterclose"], ["P", "pipelineerr"], ["I", "flowvetignore"], ["U", "unflushed"], ["C", "chanleak"]]) {
  const own = rules.filter((r) => analyzerOf(r) === name);
  if (own.length === 0) fail("no rule of " + name);
  for (const r of own) {
    if (!new RegExp(`^${letter}-[a-z]+$`).test(r.id)) fail(`${name}: rule ${r.id} is not a rule ID`);
    if (r.helpUri !== `https://github.com/flowvet/flowvet/blob/main/docs/analyzers/${name}.md`) fail(`${r.id}: helpUri ${r.helpUri}`);
  }
}

const expected = fs.readFileSync(expectedPath, "utf8").split("\n")
  .filter((l) => l && !l.startsWith("#"))
  .map((l) => { const [pos, analyzer, ...msg] = l.split(": "); return { pos, analyzer, msg: msg.join(": ") }; });
const got = [];
let fixes = 0;
for (const res of run.results) {
  const rule = rules[res.ruleIndex];
  if (!rule || rule.id !== res.ruleId) fail(`ruleIndex ${res.ruleIndex} is not ${res.ruleId}`);
  if (/^[A-Z]-/.test(res.ruleId) && !(res.properties && res.properties.category === res.ruleId)) fail(`${res.ruleId}: properties ${JSON.stringify(res.properties)}`);
  const loc = res.locations[0].physicalLocation;
  const a = loc.artifactLocation, reg = loc.region;
  if (a.uriBaseId !== "%SRCROOT%" || /^[a-z]+:|^\//.test(a.uri)) fail("not relative to %SRCROOT%: " + JSON.stringify(a));
  for (const k of ["startLine", "startColumn", "endLine", "endColumn"]) {
    if (!(reg[k] >= 1)) fail(`${a.uri}: region.${k} = ${reg[k]}`);
  }
  if (reg.endLine < reg.startLine || (reg.endLine === reg.startLine && reg.endColumn < reg.startColumn)) fail(`${a.uri}: region ends before it starts`);
  got.push(`${a.uri}:${reg.startLine}:${reg.startColumn}: ${rule && analyzerOf(rule)}: ${res.message.text}`);
  for (const f of res.fixes || []) {
    fixes++;
    if (!f.description.text) fail("fix without description");
    for (const c of f.artifactChanges) {
      if (c.artifactLocation.uriBaseId !== "%SRCROOT%") fail("fix location not relative");
      for (const rep of c.replacements) {
        if (!(rep.deletedRegion.startLine >= 1) || !rep.insertedContent) fail("bad replacement " + JSON.stringify(rep));
      }
    }
  }
}
for (const e of expected) {
  if (!got.some((g) => g.startsWith(`${e.pos}: ${e.analyzer}: ${e.msg}`))) fail("missing result: " + `${e.pos}: ${e.analyzer}: ${e.msg}`);
}
if (got.length !== expected.length) fail(`${got.length} results, expected.txt has ${expected.length}:\n  ` + got.join("\n  "));
if (fixes === 0) fail("no result carries a fix (backpressure and pipelineerr offer some)");
if (!process.exitCode) console.log(`ok: ${got.length} results, ${rules.length} rules, ${fixes} fixes`);
JS
echo "e2e-sarif: ok"
