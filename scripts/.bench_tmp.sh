#!/usr/bin/env bash
# Runs every check of loket: go vet, then all tests with the race detector against SQLite and against a
# throw-away PostgreSQL 15 that this script starts in a temporary directory and removes afterwards.
# Browser tests need Debian's chromium (.ci/run installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "${LOKET_TEST_POSTGRES:-}" ]; then
  [ -x "$pgbin/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql-15)" >&2; exit 1; }
  pgdir=$(mktemp -d /tmp/loket-pg.XXXXXX)
  port=$((20000 + RANDOM % 20000))
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$pgdir"
    as_pg=(runuser -u postgres --)
  fi
  stop_pg() {
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pgdir"
  }
  trap stop_pg EXIT
  "${as_pg[@]}" "$pgbin/initdb" -D "$pgdir/data" -U loket --auth=trust -E UTF8 --no-locale >/dev/null
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w start \
    -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300" >/dev/null
  export LOKET_TEST_POSTGRES="postgres://loket@127.0.0.1:$port/postgres?sslmode=disable"
fi


# Without arguments every package is tested; with arguments they go to go test as they are.
if [ $# -eq 0 ]; then set -- ./...; fi
go test -timeout 30m "$@"
