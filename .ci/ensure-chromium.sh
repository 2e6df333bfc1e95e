#!/usr/bin/env bash
# The report page is checked in headless Chromium (Debian package `chromium`). Install it when
# missing and we may (root, apt available); otherwise say so and let that test skip.
set -u
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium missing and cannot be installed here (need root and apt-get)" >&2
  exit 1
fi
echo "installing Debian chromium for the report page test ..."
(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core) > /tmp/chromium-install.log 2>&1 \
  || { tail -20 /tmp/chromium-install.log >&2; exit 1; }
command -v chromium >/dev/null 2>&1
