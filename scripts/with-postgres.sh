#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server for the tests that need one:
#   scripts/with-postgres.sh CMD [ARGS...]
# starts a cluster under build/test-postgres on a free loopback port, exports its URL as
# CHAT_TEST_POSTGRES_URL, runs the command, and stops the cluster however the command ends.
# With CHAT_TEST_POSTGRES_URL already set, runs the command against that server instead.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${CHAT_TEST_POSTGRES_URL:-}" ]; then
  exec "$@"
fi

dir=build/test-postgres
# A cluster left behind by an interrupted run is stopped and thrown away.
scripts/stop-postgres.sh "$dir" >/dev/null 2>&1 || true
rm -rf "$dir"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
CHAT_TEST_POSTGRES_URL=$(scripts/start-postgres.sh "$dir" "$port")
export CHAT_TEST_POSTGRES_URL
trap 'scripts/stop-postgres.sh "$dir" >/dev/null 2>&1 || true' EXIT
echo "PostgreSQL for the tests: $CHAT_TEST_POSTGRES_URL"
"$@"
