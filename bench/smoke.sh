#!/usr/bin/env bash
# Proves chat-bench works: starts the release server on a free port with a fresh data
# directory, runs a tiny fanout (2 groups x 5 connections, 1 s) over WebSockets + JSON, the
# same over WebSockets + MessagePack, Server-Sent Events + JSON and long polling + MessagePack,
# and a tiny connections run (20), and fails unless each reports zero errors and no missing or
# out-of-order message.
# Override the binaries with CHATSERVER_BIN and CHAT_BENCH_BIN.
set -euo pipefail

cd "$(dirname "$0")/.."
SERVER=${CHATSERVER_BIN:-build/release/chatserver}
BENCH=${CHAT_BENCH_BIN:-build/release/chat-bench}
for binary in "$SERVER" "$BENCH"; do
  [[ -x $binary ]] || { echo "smoke: no executable $binary (build it first)" >&2; exit 1; }
done

work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The shared launcher starts the server on a free port, prints "URL PID" once it listens and
# stays as the server's parent until it exits; it reports on stderr why a server did not start.
exec 3< <(node tests/support/launch-server.mjs -- "$SERVER" --data-dir "$work/data" \
  --max-group-members 0 --hub-max-connections-per-user 100000 --log-level warn \
  --register-burst 1000000 --register-per-minute 1000000 --max-connections-per-address 0)
url=
read -r url server_pid <&3 || true
exec 3<&-
if [[ -z $url || -z $server_pid ]]; then
  echo "smoke: the server did not start" >&2
  exit 1
fi
echo "smoke: server on $url"

# Fails unless the JSON report passed and every named result is 0.
check() {
  local name=$1 file=$2
  shift 2
  node -e '
    const [file, ...zero] = process.argv.slice(1);
    const report = JSON.parse(require("fs").readFileSync(file, "utf8"));
    const bad = zero.filter((key) => report.results[key] !== 0);
    if (!report.passed || bad.length) {
      console.error(`failed: ${bad.map((k) => `${k}=${report.results[k]}`).join(", ")} ` +
                    `${(report.failures || []).join("; ")}`);
      process.exit(1);
    }' "$file" "$@" || { echo "smoke: $name FAILED" >&2; exit 1; }
  echo "smoke: $name ok"
}

timeout 120 "$BENCH" fanout --url "$url" --groups 2 --members 5 --senders 2 --rate 200 \
  --duration 1 --warmup 0.5 --threads 2 --json "$work/fanout.json" --svg "$work/fanout.svg"
check fanout "$work/fanout.json" errors missing out_of_order connect_failed unacknowledged
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results;
  if (!(r.delivered > 0 && r.delivered === r.expected_deliveries)) {
    console.error(`delivered ${r.delivered} of ${r.expected_deliveries}`);
    process.exit(1);
  }' "$work/fanout.json" || { echo "smoke: fanout delivered too little" >&2; exit 1; }
grep -q '<polyline' "$work/fanout.svg" || { echo "smoke: no latency curve in the SVG" >&2; exit 1; }

# MessagePack over WebSockets, and both HTTP transports (MessagePack over long polling).
for cell in "websockets messagepack" "sse json" "longpolling messagepack"; do
  read -r transport protocol <<<"$cell"
  timeout 120 "$BENCH" fanout --url "$url" --groups 2 --members 5 --senders 2 --rate 200 \
    --duration 1 --warmup 0.5 --threads 2 --transport "$transport" --hub-protocol "$protocol" \
    --json "$work/fanout-$transport-$protocol.json"
  check "fanout over $transport + $protocol" "$work/fanout-$transport-$protocol.json" errors \
    missing out_of_order connect_failed unacknowledged
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results;
    if (!(r.delivered > 0 && r.delivered === r.expected_deliveries && r.bytes_per_delivery > 0)) {
      console.error(`delivered ${r.delivered} of ${r.expected_deliveries}, ` +
                    `${r.bytes_per_delivery} bytes per delivery`);
      process.exit(1);
    }' "$work/fanout-$transport-$protocol.json" ||
    { echo "smoke: fanout over $transport + $protocol delivered too little" >&2; exit 1; }
done

timeout 120 "$BENCH" connections --url "$url" --connections 20 --hold 1 --threads 2 \
  --server-pid "$server_pid" --json "$work/connections.json"
check connections "$work/connections.json" errors connect_failed dropped

kill -0 "$server_pid" 2>/dev/null || { echo "smoke: the server died" >&2; exit 1; }
echo "smoke: passed"
