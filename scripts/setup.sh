#!/usr/bin/env bash
# Installs what building and testing Strata needs on Debian 12 (idempotent).
# Runs apt only for packages that are missing; uses sudo when not root.
set -eu
pkgs="build-essential libcjson-dev zlib1g-dev clang libclang-rt-14-dev libopenblas-dev"
missing=""
for p in $pkgs; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $missing
fi
