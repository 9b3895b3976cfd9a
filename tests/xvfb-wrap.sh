#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a command under its own Xvfb display and D-Bus session bus, with a
# private runtime and cache folder: GUI tests never touch the real session.
# Usage: xvfb-wrap.sh COMMAND [ARG…]
set -eu

tmp=$(mktemp -d)
cleanup () {
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

export XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"
# Nothing a test does reaches the real home: caches, data (study.db) and
# settings go to the private folder unless the caller chose others.
export XDG_CACHE_HOME="${XDG_CACHE_HOME:-$tmp/cache}"
export XDG_DATA_HOME="${XDG_DATA_HOME:-$tmp/data}"
export XDG_CONFIG_HOME="${XDG_CONFIG_HOME:-$tmp/config}"

# -noreset: at-spi-bus-launcher connects and disconnects; without it the
# server resets when the last client leaves and the next one cannot connect.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 1 100); do
  [ -s "$tmp/display" ] && break
  sleep 0.05
done
if [ ! -s "$tmp/display" ]; then
  echo "Bail out! Xvfb did not start" >&2
  cat "$tmp/xvfb.log" >&2
  exit 1
fi
export DISPLAY=":$(cat "$tmp/display")"

# The bus's own chatter goes to stderr so that TAP on stdout stays clean.
dbus-run-session -- sh -c 'exec "$@" >&3' sh "$@" 3>&1 >&2
