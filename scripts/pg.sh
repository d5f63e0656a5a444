#!/usr/bin/env bash
# The project's own PostgreSQL cluster, used when DATABASE_URL is unset.
#   scripts/pg.sh start   create (first time) and start the cluster, then the chasqui role and database
#   scripts/pg.sh stop    stop it
#   scripts/pg.sh status  say whether it is up
# Idempotent: a second start reuses the cluster and its data.
#
# The cluster holds real work, so it is durable (fsync and full-page writes on) unless PG_DURABLE=0,
# which `make test` sets for a cluster only tests use. It listens on 127.0.0.1 and its own socket
# folder only. The app's role `chasqui` logs in with a password generated into .pgpass (a libpq
# password file, gitignored, mode 600, read by config/settings.py); the superuser `postgres` only
# through the socket as the operating-system account that owns the cluster (peer). A cluster made
# by an older version of this script (trust for everyone, fsync off) is upgraded in place by `start`.
set -euo pipefail

PROJECT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PGPORT_LOCAL:-54329}
DURABLE=${PG_DURABLE:-1}
PASSFILE="$PROJECT/.pgpass"

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
  OWNER=postgres
else
  as_owner() { "$@"; }
  can_reach() { test -x "$1"; }
  OWNER=$(id -un)
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
# The superuser through the socket: peer authentication as the cluster's owner (and, on a cluster
# from an older version not yet upgraded, its trust line).
psql_admin() { as_owner "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "$PORT" -U postgres -d postgres "$@"; }

durability_flags() {
  if [ "$DURABLE" = "0" ]; then
    echo "-c fsync=off -c full_page_writes=off"
  else
    echo "-c fsync=on -c full_page_writes=on"
  fi
}

# Who may connect, written on every start (so an older cluster's "trust" lines go away): the owner
# as superuser through the socket, the app's role with its password, nobody else.
write_auth() {
  local hba ident
  hba=$(cat <<HBA
# Written by scripts/pg.sh on every start; edits here are lost.
# TYPE  DATABASE  USER      ADDRESS          METHOD
local   all       postgres                   peer map=dueno
local   all       chasqui                    scram-sha-256
host    all       chasqui   127.0.0.1/32     scram-sha-256
HBA
)
  ident=$(cat <<IDENT
# Written by scripts/pg.sh: the operating-system account that owns the cluster is its superuser.
dueno   $OWNER   postgres
IDENT
)
  echo "$hba" | as_owner tee "$DATA/pg_hba.conf" >/dev/null
  echo "$ident" | as_owner tee "$DATA/pg_ident.conf" >/dev/null
}

# The app's password: generated once into a libpq password file inside the project, readable only by
# whoever runs make (libpq ignores a password file that others can read).
ensure_passfile() {
  if [ ! -s "$PASSFILE" ]; then
    local pw
    pw=$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)
    [ ${#pw} -eq 32 ] || die "could not generate a password"
    (umask 077 && printf '127.0.0.1:*:*:chasqui:%s\nlocalhost:*:*:chasqui:%s\n' "$pw" "$pw" >"$PASSFILE")
    say "generated the password of the chasqui role into $PASSFILE"
  fi
  chmod 600 "$PASSFILE"
}
app_password() { head -1 "$PASSFILE" | cut -d: -f5; }

start_server() {
  as_owner "$BINDIR/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start \
    -o "-p $PORT -k $SOCK -c listen_addresses=127.0.0.1 $(durability_flags)" >/dev/null \
    || { tail -20 "$LOG" >&2; die "the cluster did not start (log above)"; }
}

start() {
  cd /
  mkdir -p "$SOCK"
  ensure_passfile
  if [ ! -f "$DATA/PG_VERSION" ]; then
    say "creating the cluster in $DATA"
    mkdir -p "$DATA"
    [ "$(id -u)" = "0" ] && chown postgres: "$DATA"
    chmod 700 "$DATA"
    local nosync=""
    [ "$DURABLE" = "0" ] && nosync="--no-sync"
    as_owner "$BINDIR/initdb" -D "$DATA" -U postgres --auth-local=peer --auth-host=reject -E UTF8 \
      --locale=C.UTF-8 $nosync >/dev/null
  fi
  [ "$(id -u)" = "0" ] && chown postgres: "$SOCK" && touch "$LOG" && chown postgres: "$LOG"
  write_auth
  if is_up; then
    [ -f "$DATA/postmaster.pid" ] \
      || die "port $PORT is taken by another PostgreSQL. Stop it, set PGPORT_LOCAL to a free port, or set DATABASE_URL."
    psql_admin -c "SELECT pg_reload_conf()" >/dev/null
    if [ "$DURABLE" != "0" ] && [ "$(psql_admin -tAc 'SHOW fsync')" != "on" ]; then
      # Started without durability (an older version of this script, or `make test`): restart with
      # it, first flushing to disk what fsync=off left in the kernel's cache.
      say "running without fsync: restarting it durable"
      as_owner "$BINDIR/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
      as_owner "$BINDIR/initdb" -D "$DATA" --sync-only >/dev/null
      start_server
    else
      say "already running on port $PORT"
    fi
  else
    if [ "$DURABLE" != "0" ]; then
      # It may last have run with fsync=off and been stopped cleanly: flush before relying on it.
      as_owner "$BINDIR/initdb" -D "$DATA" --sync-only >/dev/null
    fi
    say "starting on 127.0.0.1:$PORT ($([ "$DURABLE" = "0" ] && echo "fsync off: for tests only" || echo durable))"
    start_server
  fi
  psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'chasqui'" | grep -q 1 \
    || psql_admin -c "CREATE ROLE chasqui LOGIN CREATEDB"
  # Every start (the password file may be new), through stdin so it never shows in a process list.
  printf "ALTER ROLE chasqui WITH LOGIN CREATEDB NOSUPERUSER PASSWORD '%s';\n" "$(app_password)" | psql_admin
  psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = 'chasqui'" | grep -q 1 \
    || psql_admin -c "CREATE DATABASE chasqui OWNER chasqui"
  say "ready: postgres://chasqui@127.0.0.1:$PORT/chasqui (password in $PASSFILE)"
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
