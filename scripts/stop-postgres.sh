#!/usr/bin/env bash
# Stops a cluster started by scripts/start-postgres.sh DIR (fast shutdown: open sessions
# are ended). Leaves DIR in place; remove it to throw the cluster away.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
dir=$(cd "$1" && pwd)
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
as_owner=()
[ "$(id -u)" = 0 ] && as_owner=(runuser -u postgres --)
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/pg" -m fast -w stop
