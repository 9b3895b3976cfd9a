#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every translatable string of the sources listed in po/POTFILES.in has a
# Spanish translation in po/es.po: none missing, none fuzzy, none obsolete
# in use, and es.po compiles with msgfmt's checks.
# Usage: check-po.sh SOURCE-ROOT
set -eu
root=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"

grep -v '^\s*#' po/POTFILES.in | sed '/^\s*$/d' > "$tmp/files"
xgettext --files-from="$tmp/files" --directory=. --from-code=UTF-8 \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --keyword=g_dpgettext2:2c,3 \
  --add-comments --output="$tmp/studycircle.pot" 2>"$tmp/xgettext.log" || { cat "$tmp/xgettext.log"; exit 1; }

echo "1..2"
if msgfmt --check --output-file=/dev/null po/es.po 2>"$tmp/msgfmt.log"; then
  echo "ok 1 po/es.po compiles"
else
  echo "not ok 1 po/es.po compiles"; sed 's/^/# /' "$tmp/msgfmt.log"
fi

msgmerge --quiet --no-fuzzy-matching --output-file="$tmp/merged.po" po/es.po "$tmp/studycircle.pot"
stats=$(msgfmt --statistics --output-file=/dev/null "$tmp/merged.po" 2>&1)
if echo "$stats" | grep -qE 'untranslated|fuzzy'; then
  echo "not ok 2 Spanish is complete: $stats"
  msgattrib --untranslated --only-fuzzy "$tmp/merged.po" 2>/dev/null | grep '^msgid' | head -20 | sed 's/^/# /'
  msgattrib --untranslated "$tmp/merged.po" | grep '^msgid' | head -40 | sed 's/^/# missing: /'
else
  echo "ok 2 Spanish is complete: $stats"
fi
