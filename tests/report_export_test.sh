#!/usr/bin/env bash
# The monthly batch's exports open: each agency's CSV reads as a spreadsheet would (UTF-8 BOM,
# Japanese header, one row per proposal and long-unplaced household), and the HTML report
# renders in headless Chromium to a screenshot that is not blank.
set -euo pipefail
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export FOSTERMATCH_DB="sqlite3://$work/fm.db"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" demo-data --today "$(date +%F)" >/dev/null 2>&1
"$bin" batch monthly --month 2026-11 --out "$work/out" >"$work/batch.log" 2>&1 || { cat "$work/batch.log"; fail "batch"; }
grep -q "proposals" "$work/batch.log" || fail "no summary line"
html="$work/out/match-run-2026-11.html"
[ -s "$html" ] || fail "no HTML report"

python3 - "$work/out" <<'PY' || fail "CSV exports"
import csv, glob, json, sys
out = sys.argv[1]
run = json.load(open(f"{out}/match-run-2026-11.json", encoding="utf-8"))
files = sorted(glob.glob(f"{out}/match-run-2026-11-agency-*.csv"))
assert len(files) == len(run["agencies"]), files
proposals = 0
for f in files:
    raw = open(f, "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{f}: no BOM"
    rows = list(csv.reader(open(f, encoding="utf-8-sig", newline="")))
    assert rows[0][:3] == ["区分", "ニーズID", "ケース番号"], rows[0]
    assert all(len(r) == len(rows[0]) for r in rows), f"{f}: ragged rows"
    proposals += sum(1 for r in rows[1:] if r[0] == "提案")
assert proposals == len(run["proposals"]), (proposals, len(run["proposals"]))
PY

chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || fail "chromium is not installed (deploy/setup.sh installs it)"
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --window-size=1000,1400 --screenshot="$work/report.png" \
  "file://$html" >"$work/chromium.log" 2>&1 || { tail -5 "$work/chromium.log"; fail "chromium"; }
python3 - "$work/report.png" <<'PY' || fail "the screenshot is blank"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, width, height, ctype = 8, b"", 0, 0, 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunk = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, ctype = struct.unpack(">IIBB", chunk[:10])
    elif kind == b"IDAT":
        idat += chunk
    pos += 12 + length
raw = zlib.decompress(idat)
channels = {2: 3, 6: 4}[ctype]
stride = width * channels + 1
# Unfiltered first bytes of rows are enough to tell a blank page from a rendered one:
# count rows whose bytes are not all the same value.
busy = sum(1 for y in range(height) if len(set(raw[y * stride + 1:(y + 1) * stride])) > 2)
assert busy > height // 10, f"only {busy} of {height} rows have content"
print(f"screenshot {width}x{height}: {busy} rows with content")
PY
echo "report export: 1 passed, 0 failed"
