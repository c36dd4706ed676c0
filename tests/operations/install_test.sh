#!/usr/bin/env bash
# `cmake --install` lays out the binary, the systemd units (naming the installed binary) and the
# examples in standard places; with `--package`, `cpack -G DEB` builds a .deb that holds them
# under /usr with its Debian 12 dependencies and a unit systemd-analyze accepts.
build=$1 mode=${2:-install}
source "$(dirname "$0")/common.sh"

if [ "$mode" = install ]; then
  prefix="$work/prefix"
  cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || fail "cmake --install"
  for f in bin/fostermatch lib/systemd/system/fostermatch.service lib/systemd/system/fostermatch-monthly.service \
           lib/systemd/system/fostermatch-monthly.timer lib/sysusers.d/fostermatch.conf \
           share/doc/fostermatch/README.md share/doc/fostermatch/nginx.conf.example \
           share/doc/fostermatch/fostermatch.conf.example share/doc/fostermatch/postgres-setup.sh \
           share/doc/fostermatch/Containerfile; do
    [ -e "$prefix/$f" ] || fail "cmake --install did not place $f"
  done
  [ -x "$prefix/share/doc/fostermatch/postgres-setup.sh" ] || fail "postgres-setup.sh is not executable"
  grep -qx "ExecStart=$prefix/bin/fostermatch --config /etc/fostermatch/fostermatch.conf serve" \
    "$prefix/lib/systemd/system/fostermatch.service" || fail "the unit does not start the installed binary"
  "$prefix/bin/fostermatch" --version | matches '^fostermatch [0-9]' || fail "the installed binary"
  grep -Eq '@[A-Z_]+@' "$prefix"/lib/systemd/system/*.service && fail "a unit has an unfilled @VARIABLE@"
  echo "install: passed"
  exit 0
fi

# --package: the .deb.
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1) || fail "cpack"
deb=$(ls "$work"/pkg/fostermatch_*.deb) || fail "no .deb in $(ls "$work/pkg")"
dpkg-deb -c "$deb" >"$work/contents.txt"
for f in ./usr/bin/fostermatch ./usr/lib/systemd/system/fostermatch.service \
         ./usr/lib/systemd/system/fostermatch-monthly.timer ./usr/lib/sysusers.d/fostermatch.conf \
         ./usr/share/doc/fostermatch/nginx.conf.example ./usr/share/doc/fostermatch/fostermatch.conf.example \
         ./usr/share/doc/fostermatch/postgres-setup.sh; do
  grep -q " $f\$" "$work/contents.txt" || fail "the .deb lacks $f"
done
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libboost-json1.81.0 libsoci-core4.0 libsoci-postgresql4.0 libpq5 libsqlite3-0 libsodium23 libspdlog1.10; do
  [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
# Every library the binary links directly comes from a package in Depends.
dpkg-deb -x "$deb" "$work/root"
ldd "$work/root/usr/bin/fostermatch" >"$work/ldd.txt"
for needed in $(readelf -d "$work/root/usr/bin/fostermatch" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
  # The sanitizer build (build-sanitize) links the sanitizers' runtimes: no release does.
  [[ $needed == lib[a-z]san.so* || $needed == libubsan.so* ]] && continue
  so=$(awk -v n="$needed" '$1 == n && $3 ~ /^\// {print $3}' "$work/ldd.txt")
  [ -n "$so" ] || fail "ldd does not resolve $needed"
  pkg=$(dpkg -S "$(readlink -f "$so")" 2>/dev/null | head -1 | cut -d: -f1) || true
  [ -z "$pkg" ] && pkg=$(dpkg -S "$so" 2>/dev/null | head -1 | cut -d: -f1)
  [ -n "$pkg" ] || fail "no package owns $so"
  [[ $depends == *"$pkg"* ]] || fail "$so comes from $pkg, which Depends does not list: $depends"
done
dpkg-deb -e "$deb" "$work/control"
[ -x "$work/control/postinst" ] || fail "no postinst"
grep -qx "ExecStart=/usr/bin/fostermatch --config /etc/fostermatch/fostermatch.conf serve" \
  "$work/root/usr/lib/systemd/system/fostermatch.service" || fail "the packaged unit does not start /usr/bin/fostermatch"
if command -v systemd-analyze >/dev/null; then
  # The unit as systemd reads it, with the extracted binary in place of /usr/bin's.
  mkdir "$work/units"
  for u in fostermatch.service fostermatch-monthly.service fostermatch-monthly.timer; do
    sed "s|/usr/bin/fostermatch|$work/root/usr/bin/fostermatch|" "$work/root/usr/lib/systemd/system/$u" >"$work/units/$u"
  done
  # verify exits 0 on an unknown or misspelt key and only says so: any word from it fails.
  systemd-analyze verify --man=no "$work"/units/* >"$work/verify.log" 2>&1 || true
  [ ! -s "$work/verify.log" ] || fail "systemd-analyze verify: $(cat "$work/verify.log")"
  # The hardening holds: systemd's exposure score (0 best, 10 worst) stays at 2.0 or below
  # (1.4 when written).
  for u in fostermatch.service fostermatch-monthly.service; do
    systemd-analyze security --offline=true --root="$work/root" --threshold=20 "$u" >"$work/security.log" 2>&1 \
      || fail "$u is exposed: $(tail -1 "$work/security.log")"
  done
fi
echo "package: $(stat -c %s "$deb") bytes, passed"
