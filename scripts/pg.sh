#!/usr/bin/env bash
# The project's own PostgreSQL cluster, used when DATABASE_URL is unset.
#   scripts/pg.sh start   create (first time) and start the cluster, then the chasqui role and database
#   scripts/pg.sh stop    stop it
#   scripts/pg.sh status  say whether it is up
# Idempotent: a second start reuses the cluster and its data.
set -euo pipefail

PROJECT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PGPORT_LOCAL:-54329}

say() { echo "[pg] $*"; }
die() { echo "[pg] ERROR: $*" >&2; exit 1; }

find_bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir; return
  fi
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return; }
  done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

BINDIR=$(find_bindir || true)
[ -n "$BINDIR" ] || die "PostgreSQL is not installed. Install it (Debian: apt-get install postgresql) or set DATABASE_URL."

# As root, the cluster belongs to the postgres user (initdb and pg_ctl refuse root).
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || die "running as root but there is no postgres user; install the postgresql package"
  as_owner() { runuser -u postgres -- "$@"; }
  can_reach() { runuser -u postgres -- test -x "$1"; }
else
  as_owner() { "$@"; }
  can_reach() { test -x "$1"; }
fi

# Keep the cluster inside the project unless the postgres user cannot reach it (a checkout under a
# private home folder); then under the temp folder, named after the project path.
if can_reach "$PROJECT"; then
  STATE="$PROJECT"
else
  STATE="${TMPDIR:-/tmp}/chasqui-pg-$(echo -n "$PROJECT" | md5sum | cut -c1-12)"
fi
DATA="$STATE/.pgdata"
SOCK="$STATE/.pgrun"
if [ ${#SOCK} -gt 90 ]; then
  SOCK="${TMPDIR:-/tmp}/chasqui-sock-$(echo -n "$PROJECT" | md5sum | cut -c1-12)"
fi
LOG="$STATE/.pgdata.log"

is_up() { "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT"; }
psql_admin() { "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres "$@"; }

start() {
  cd /
  mkdir -p "$SOCK"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    say "creating the cluster in $DATA"
    mkdir -p "$DATA"
    [ "$(id -u)" = "0" ] && chown postgres: "$DATA"
    chmod 700 "$DATA"
    as_owner "$BINDIR/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  fi
  [ "$(id -u)" = "0" ] && chown postgres: "$SOCK" && touch "$LOG" && chown postgres: "$LOG"
  if is_up; then
    if [ -f "$DATA/postmaster.pid" ]; then
      say "already running on port $PORT"
    else
      die "port $PORT is taken by another PostgreSQL. Stop it, set PGPORT_LOCAL to a free port, or set DATABASE_URL."
    fi
  else
    say "starting on 127.0.0.1:$PORT"
    as_owner "$BINDIR/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start \
      -o "-p $PORT -k $SOCK -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" >/dev/null \
      || { tail -20 "$LOG" >&2; die "the cluster did not start (log above)"; }
  fi
  psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'chasqui'" | grep -q 1 \
    || psql_admin -c "CREATE ROLE chasqui LOGIN CREATEDB"
  psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = 'chasqui'" | grep -q 1 \
    || psql_admin -c "CREATE DATABASE chasqui OWNER chasqui"
  say "ready: postgres://chasqui@127.0.0.1:$PORT/chasqui"
}

stop() {
  if [ -f "$DATA/postmaster.pid" ]; then
    cd /
    as_owner "$BINDIR/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    say "stopped"
  else
    say "not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if is_up; then say "up on port $PORT ($DATA)"; else say "down"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
