#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for tests and benchmarks, and prints its URL:
#   scripts/start-postgres.sh DIR PORT   ->   postgresql://chat@127.0.0.1:PORT/postgres
# The cluster lives in DIR/pg (log: DIR/pg.log, socket in DIR), trusts local connections
# and runs with fsync off: fast, and not for data anyone keeps (PG_FSYNC=on for durable
# commits, as benchmarks want). Stop it with scripts/stop-postgres.sh DIR. Reuses a cluster
# already initialized in DIR.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 DIR PORT" >&2
  exit 2
fi
dir=$1
port=$2
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# initdb refuses to run as root: run the server as the postgres user the Debian package made.
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir"
  as_owner=(runuser -u postgres --)
fi

if [ ! -f "$dir/pg/PG_VERSION" ]; then
  "${as_owner[@]}" "$bin/initdb" -D "$dir/pg" -U chat -A trust --no-sync >"$dir/initdb.log"
fi
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/pg" -w -l "$dir/pg.log" \
  -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=${PG_FSYNC:-off} -c max_connections=200" \
  start >/dev/null
echo "postgresql://chat@127.0.0.1:$port/postgres"
