#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the build into a temporary DESTDIR and checks what a distribution
# or Flatpak would ship: the programs, the desktop entry, the metainfo, the
# GSettings schema, the icons, the Spanish translation, the bundled library
# and its schemas; then runs the installed studycircle-cli on the installed
# library. TAP on stdout.
#
# Usage: check-install.sh MESON BUILD_ROOT SOURCE_ROOT PREFIX BINDIR DATADIR LOCALEDIR APP_ID
#
# Only DESTDIR is written (and the build's meson-logs/install-log.txt, which
# no test reads): safe next to other tests.
set -u

meson=$1 build=$2 source=$3 prefix=$4 bindir=$5 datadir=$6 localedir=$7 app_id=$8

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
dest="$tmp/dest"
root="$dest$prefix"

n=0
failed=0
ok () {
  n=$((n + 1))
  echo "ok $n - $1"
}
not_ok () {
  n=$((n + 1))
  failed=1
  echo "not ok $n - $1"
}
check () {
  what=$1; shift
  if "$@" >"$tmp/out" 2>&1; then
    ok "$what"
  else
    not_ok "$what"
    sed 's/^/# /' "$tmp/out"
  fi
}

echo "1..14"

check "meson install --destdir" "$meson" install -C "$build" --no-rebuild --quiet --destdir "$dest"

check "studycircle is installed and executable" test -x "$root/$bindir/studycircle"
check "studycircle-cli is installed and executable" test -x "$root/$bindir/studycircle-cli"
check "desktop entry" test -f "$root/$datadir/applications/$app_id.desktop"
check "metainfo" test -f "$root/$datadir/metainfo/$app_id.metainfo.xml"
check "GSettings schema" test -f "$root/$datadir/glib-2.0/schemas/$app_id.gschema.xml"
check "application icon" test -f "$root/$datadir/icons/hicolor/scalable/apps/$app_id.svg"
check "symbolic icon" test -f "$root/$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
check "Spanish translation" test -f "$root/$localedir/es/LC_MESSAGES/studycircle.mo"

# The bundled library: every text of the source tree, and nothing else.
texts_match () {
  (cd "$source/data/texts" && find . -name '*.xml' | sort) >"$tmp/expected"
  (cd "$root/$datadir/studycircle/texts" && find . -type f | sort) >"$tmp/installed"
  diff "$tmp/expected" "$tmp/installed"
}
check "bundled library: every text, no README" texts_match

schemas_match () {
  (cd "$source/data/schema" && ls) >"$tmp/expected"
  (cd "$root/$datadir/studycircle/schema" && ls) >"$tmp/installed"
  diff "$tmp/expected" "$tmp/installed" && test -s "$tmp/installed"
}
check "format schemas (RELAX NG)" schemas_match

# The installed desktop entry starts the installed program.
check "desktop entry runs studycircle" grep -qx 'Exec=studycircle' "$root/$datadir/applications/$app_id.desktop"

# The installed programs on the installed library, in a private home.
installed_cli_lists_library () {
  expected=$(find "$source/data/texts" -name '*.xml' | wc -l)
  listed=$(STUDYCIRCLE_DATADIR="$root/$datadir/studycircle" \
           XDG_DATA_HOME="$tmp/home/data" XDG_CACHE_HOME="$tmp/home/cache" \
           "$root/$bindir/studycircle-cli" list --json |
           grep -c '^  {')
  echo "expected $expected documents, listed $listed"
  test "$expected" -eq "$listed"
}
check "installed studycircle-cli reads the installed library" installed_cli_lists_library

installed_app_version () {
  "$root/$bindir/studycircle" --version | grep -q '^studycircle '
}
check "installed studycircle --version" installed_app_version

exit $failed
