#!/usr/bin/env bash
# The Postgres-catalog tests start a throwaway PostgreSQL cluster (tests/servers.py). Install
# Debian's postgresql when initdb is missing and we may (root, apt available); otherwise say so
# and let those tests skip.
set -u
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "postgresql missing and cannot be installed here (need root and apt-get)" >&2
  exit 1
fi
echo "installing Debian postgresql for the Postgres-catalog tests ..."
(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql) \
  > /tmp/postgresql-install.log 2>&1 || { tail -20 /tmp/postgresql-install.log >&2; exit 1; }
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
