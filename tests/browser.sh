#!/usr/bin/env bash
# Real-browser check of the HTML export (issue 4).
#
# Opens the example session's HTML report in headless Chromium, prints it to
# PDF and takes a screenshot. Fails when Chromium exits with an error or logs
# one, when the page logs anything to the console (a blocked request, a
# Content-Security-Policy violation, a script error), or when the page makes
# any network request at all.
#
# How requests are told apart: Chromium's net log (--log-net-log) records
# every URL request with its initiator. The browser's own background traffic
# (update checks, account probes, which headless Chromium sends despite
# --disable-background-networking) has the initiator "not an origin"; anything
# the page asks for carries the page's origin. A control page with an
# external image is run first to prove the check catches requests with the
# installed Chromium.
#
# Usage:  tests/browser.sh [REPORT.html] [OUT_DIR]
#   REPORT.html  default: tests/golden/example.html (the golden test keeps it
#                identical to what `funnelcheck export` writes for the example)
#   OUT_DIR      where report.pdf, report.png and the logs go; default: a temp dir
#   UPDATE_SCREENSHOT=1 also copies the screenshot to docs/report.png.
#   CHROMIUM=/path/to/chromium to use another binary.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
html="$(realpath "${1:-$root/tests/golden/example.html}")"
out="${2:-$(mktemp -d)}"
mkdir -p "$out"
out="$(realpath "$out")"
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || echo /usr/bin/chromium)}"

fail() { echo "browser.sh: FAIL: $*" >&2; exit 1; }

[ -x "$chromium" ] || fail "Chromium not found at $chromium (Debian: apt-get install -y chromium)"
[ -f "$html" ] || fail "no report at $html (run: UPDATE_GOLDEN=1 cargo test --test export_golden)"

# run NAME URL ARGS…: one headless Chromium run with its own profile, net log and stderr log.
run() {
  local name="$1" url="$2"
  shift 2
  local profile
  profile="$(mktemp -d)"
  local rc=0
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" \
    --log-net-log="$out/$name.netlog.json" \
    --enable-logging=stderr --v=0 --log-level=0 \
    "$@" "$url" >"$out/$name.stdout.log" 2>"$out/$name.stderr.log" || rc=$?
  rm -rf "$profile"
  return $rc
}

# URLs the page itself requested (not Chromium's own background traffic).
page_requests() {
  grep '"initiator":' "$out/$1.netlog.json" | grep -v '"initiator":"not an origin"' |
    grep -o '"url":"[^"]*"' | sort -u || true
}

# Console messages (CSP violations, script errors) the page produced.
console_lines() {
  grep ':CONSOLE' "$out/$1.stderr.log" || true
}

# Chromium errors, minus the D-Bus noise of a machine without a session bus.
chromium_errors() {
  grep -E ':(ERROR|FATAL):' "$out/$1.stderr.log" |
    grep -vE ':ERROR:(dbus/|components/dbus/|ui/base/idle/)' || true
}

# 1. The control: a page with an external image must be caught.
control="$out/control.html"
printf '%s\n' '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>control</title></head>' \
  '<body><img src="http://funnelcheck-control.invalid/pixel.png" alt="control"></body></html>' >"$control"
run control "file://$control" --print-to-pdf="$out/control.pdf" --no-pdf-header-footer ||
  fail "Chromium failed on the control page (see $out/control.stderr.log)"
page_requests control | grep -q 'funnelcheck-control.invalid' ||
  fail "the network check did not see the control page's request; it cannot be trusted with this Chromium"

# 2. The report: print to PDF, then screenshot.
run pdf "file://$html" --print-to-pdf="$out/report.pdf" --no-pdf-header-footer ||
  fail "Chromium exited with an error while printing to PDF (see $out/pdf.stderr.log)"
run png "file://$html" --screenshot="$out/report.png" --window-size=1280,1800 --hide-scrollbars ||
  fail "Chromium exited with an error while taking the screenshot (see $out/png.stderr.log)"

status=0
for name in pdf png; do
  requests="$(page_requests $name)"
  if [ -n "$requests" ]; then
    echo "browser.sh: FAIL: the report made network requests ($name run):" >&2
    echo "$requests" >&2
    status=1
  fi
  console="$(console_lines $name)"
  if [ -n "$console" ]; then
    echo "browser.sh: FAIL: the report wrote to the console ($name run):" >&2
    echo "$console" >&2
    status=1
  fi
  errors="$(chromium_errors $name)"
  if [ -n "$errors" ]; then
    echo "browser.sh: FAIL: Chromium reported errors ($name run):" >&2
    echo "$errors" >&2
    status=1
  fi
done
[ $status -eq 0 ] || exit 1

[ "$(head -c 5 "$out/report.pdf")" = "%PDF-" ] || fail "report.pdf is not a PDF"
[ "$(head -c 4 "$out/report.png" | tail -c 3)" = "PNG" ] || fail "report.png is not a PNG"
pages="$(grep -ac '/Type /Page\b' "$out/report.pdf" || true)"
[ "${pages:-0}" -ge 2 ] || fail "report.pdf has ${pages:-0} page(s); the print stylesheet should start each section on a new page"

if [ "${UPDATE_SCREENSHOT:-}" = "1" ]; then
  mkdir -p "$root/docs"
  cp "$out/report.png" "$root/docs/report.png"
  echo "browser.sh: updated docs/report.png"
fi

echo "browser.sh: OK: $html printed to $out/report.pdf ($pages pages) and $out/report.png; no network requests, no console messages, no errors"
