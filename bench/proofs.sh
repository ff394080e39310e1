#!/usr/bin/env bash
# Throughput benchmark of the decision log's proofs (not a test): starts the service on the embedded
# PostgreSQL, records DECISIONS enforce decisions through the batch endpoint, takes a checkpoint,
# then runs wrk with bench/proofs.lua (inclusion and consistency proofs, half and half) for DURATION.
#
#   bench/proofs.sh                          # 20,000 decisions, 20 s, 2 wrk threads, 64 connections
#   DECISIONS=100000 DURATION=30s bench/proofs.sh
#   JAR=/tmp/other-build.jar bench/proofs.sh
#
# Target (2 cores, load generator included): >= 2,000 proofs/s.
set -euo pipefail

cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-15s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DECISIONS=${DECISIONS:-20000}
JAVA_OPTS=${JAVA_OPTS:-}
JAR=${JAR:-target/recallgate.jar}

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_prepare
# shellcheck disable=SC2086
bench_start proofs

echo "service at $url; recording $DECISIONS decisions ..."
python3 - "$url" "$DECISIONS" "$work/ids.txt" <<'PY'
import json, sys, urllib.request
url, total, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ids = []
n = 0
while n < total:
    batch = []
    for i in range(min(500, total - n)):
        k = n + i
        batch.append({"scenario": ["after_sales", "ecommerce", "tech_support"][k % 3],
                      "conversationId": "c-%d" % (k // 7), "at": "2026-11-24T08:01:00Z",
                      "message": {"id": "m-%d" % k, "senderId": "u-%d" % (k % 97), "senderRole": "customer",
                                  "text": "sorry, wrong window %d" % k, "sentAt": "2026-11-24T08:00:00Z"},
                      "requester": {"id": "u-%d" % (k % 97), "role": "customer"}})
    req = urllib.request.Request(url + "/v1/recall-decisions/batch", json.dumps({"requests": batch}).encode(),
                                 {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        ids += [d["decisionId"] for d in json.load(r)["decisions"]]
    n += len(batch)
open(out, "w").write("\n".join(ids) + "\n")
PY
size=$(curl -s "$url/v1/audit/checkpoint" | sed -n 2p)
echo "checkpoint size $size; wrk -t$THREADS -c$CONNECTIONS -d$DURATION, warm-up $WARMUP"

if [ "$WARMUP" != "0" ]; then
    IDS="$work/ids.txt" SIZE="$size" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/proofs.lua "$url" >/dev/null
fi
IDS="$work/ids.txt" SIZE="$size" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/proofs.lua "$url" \
    >"$work/proofs.txt"
cat "$work/proofs.txt"
rps=$(awk '/^Requests\/sec:/ { print $2 }' "$work/proofs.txt")
echo
echo "proofs/s: $rps (target >= 2000)"
