#!/usr/bin/env bash
# Two replicas on one PostgreSQL (a benchmark, not a test; issue 12): replica A runs the embedded
# PostgreSQL (fsync on), replica B uses it as its external database (RECALLGATE_DATABASE_URL), with
# the same log signing key and digest key, as README "Several replicas" asks. Then, with wrk on the
# same machine, CONNECTIONS split over the two:
#   1. enforce on both at once for DURATION: aggregate decisions/s, each replica's p50/p99;
#   2. during a second enforce run on both, the hold guarantee under load, ROUNDS times: a hold
#      placed on one replica, then at once an enforce decision on the other for a new message of
#      that conversation (must be DISPUTE_FROZEN), then a preview polled there until it is frozen
#      (must take under a second); released on the other replica, and the same for the release.
#
#   bench/two-replicas.sh
#   DURATION=30s CONNECTIONS=64 bench/two-replicas.sh
set -euo pipefail

cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-30s}
THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-20}
JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
JAR=${JAR:-target/recallgate.jar}

if [ "$JAR" = target/recallgate.jar ] && [ ! -f target/recallgate.jar ]; then
    echo "building target/recallgate.jar ..."
    mvn -q -DskipTests package
fi
command -v wrk >/dev/null 2>&1 || { echo "wrk is needed (apt-get install wrk)"; exit 1; }

work=$(mktemp -d -t recallgate-replicas.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
    done
    for p in "${pids[@]}"; do
        for _ in $(seq 1 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

wait_for_port() { # log pid -> url
    local url=""
    for _ in $(seq 1 1200); do
        url=$(sed -n 's/^listening on \(http:\/\/[^ ]*\)$/\1/p' "$1" | head -1 || true)
        [ -n "$url" ] && { echo "$url"; return; }
        kill -0 "$2" 2>/dev/null || { echo "a replica did not start:" >&2; cat "$1" >&2; exit 1; }
        sleep 0.1
    done
    echo "a replica did not print its port within 120 s" >&2
    exit 1
}

digest_key=$(head -c 32 /dev/urandom | base64)
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" serve --http-port 0 --data-dir "$work/a" --rules-dir rules \
    --digest-key "$digest_key" >"$work/a.log" 2>&1 &
pids+=($!)
url_a=$(wait_for_port "$work/a.log" "${pids[0]}")
pg_port=$(sed -n 4p "$work/a/pg/postmaster.pid")
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" serve --http-port 0 --data-dir "$work/b" --rules-dir rules \
    --digest-key "$digest_key" --log-signing-key-file "$work/a/log-signing.key" \
    --database-url "postgresql://postgres@127.0.0.1:$pg_port/postgres" >"$work/b.log" 2>&1 &
pids+=($!)
url_b=$(wait_for_port "$work/b.log" "${pids[1]}")
half=$((CONNECTIONS / 2))
echo "replica A at $url_a (embedded PostgreSQL on port $pg_port), replica B at $url_b; java $JAVA_OPTS;"
echo "wrk -t$THREADS -c$half on each, -d$DURATION after a warm-up of $WARMUP; $(nproc) cores"

both() { # duration tag
    MODE=enforce RUN="a-$2-$RANDOM" wrk -t"$THREADS" -c"$half" -d"$1" --latency --timeout 10s \
        -s bench/decisions.lua "$url_a" >"$work/$2-a.txt" &
    local wa=$!
    MODE=enforce RUN="b-$2-$RANDOM" wrk -t"$THREADS" -c"$half" -d"$1" --latency --timeout 10s \
        -s bench/decisions.lua "$url_b" >"$work/$2-b.txt" &
    local wb=$!
    wait "$wa" "$wb"
}
rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
pct() {
    awk -v p="$2%" '$1 == p { v = $2; n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
        else if (v ~ /s$/) n *= 1000; printf "%.2f", n }' "$1"
}
errors() { awk '/Non-2xx or 3xx responses:/ { print $NF }' "$1" | grep . || echo 0; }

[ "$WARMUP" != "0" ] && both "$WARMUP" warmup
both "$DURATION" measured

echo
printf '%-10s %12s %8s %8s   %s\n' replica decisions/s p50_ms p99_ms errors
for r in a b; do
    f="$work/measured-$r.txt"
    printf '%-10s %12s %8s %8s   %s\n' "$r" "$(rps "$f")" "$(pct "$f" 50)" "$(pct "$f" 99)" "$(errors "$f")"
done
awk -v a="$(rps "$work/measured-a.txt")" -v b="$(rps "$work/measured-b.txt")" \
    'BEGIN { printf "%-10s %12.2f   (enforce, durable, both replicas appending to one tenant log)\n", "together", a + b }'

# ---- the hold guarantee while both replicas are under load
post() { curl -s -X POST -H 'Content-Type: application/json' "$1$2" -d "$3"; }
request() { # conversation mode -> body of a new message's decision request, 30 s after sending
    local m="m-$RANDOM$RANDOM"
    printf '{"mode":"%s","scenario":"after_sales","conversationId":"%s","message":{"id":"%s","senderId":"u-1","senderRole":"customer","sentAt":"2026-11-24T08:00:00Z","latest":true},"requester":{"id":"u-1","role":"customer"},"at":"2026-11-24T08:00:30Z"}' "$2" "$1" "$m"
}
code() { sed -n 's/.*"reasons":\[{"code":"\([A-Z_]*\)".*/\1/p'; }
now_ms() { date +%s%3N; }
until_preview() { # url conversation code -> ms waited
    local start t
    start=$(now_ms)
    while :; do
        [ "$(post "$1" /v1/recall-decisions "$(request "$2" preview)" | code)" = "$3" ] && break
        t=$(now_ms)
        [ $((t - start)) -gt 10000 ] && { echo 99999; return; }
    done
    echo $(($(now_ms) - start))
}

both "$((ROUNDS * 2 + 10))s" guarantee &
loadpid=$!
sleep 3
held=0 freed=0 preview_max=0 release_max=0
for i in $(seq 1 "$ROUNDS"); do
    if [ $((i % 2)) -eq 0 ]; then placer=$url_a; other=$url_b; else placer=$url_b; other=$url_a; fi
    conversation="c-guarantee-$i-$RANDOM$RANDOM"
    hold=$(post "$placer" /v1/holds "{\"conversationId\":\"$conversation\",\"reason\":\"dispute\",\"placedBy\":\"bench\"}")
    hold_id=$(echo "$hold" | sed -n 's/.*"holdId":"\([^"]*\)".*/\1/p')
    [ "$(post "$other" /v1/recall-decisions "$(request "$conversation" enforce)" | code)" = DISPUTE_FROZEN ] && held=$((held + 1))
    ms=$(until_preview "$other" "$conversation" DISPUTE_FROZEN)
    [ "$ms" -gt "$preview_max" ] && preview_max=$ms
    post "$other" "/v1/holds/$hold_id/release" '{"releasedBy":"bench","reason":"resolved"}' >/dev/null
    [ "$(post "$placer" /v1/recall-decisions "$(request "$conversation" enforce)" | code)" = WITHIN_WINDOW ] && freed=$((freed + 1))
    ms=$(until_preview "$placer" "$conversation" WITHIN_WINDOW)
    [ "$ms" -gt "$release_max" ] && release_max=$ms
done
wait "$loadpid"
echo
echo "hold guarantee under load ($ROUNDS rounds, the hold placed on one replica, asked on the other):"
echo "  enforce started after the 201 held: $held/$ROUNDS; after the release's 200 free: $freed/$ROUNDS"
echo "  a preview on the other replica saw the hold after at most $preview_max ms, the release after $release_max ms"
echo "  load meanwhile: $(rps "$work/guarantee-a.txt") + $(rps "$work/guarantee-b.txt") decisions/s," \
    "errors $(errors "$work/guarantee-a.txt") + $(errors "$work/guarantee-b.txt")"
echo "audit log after the run: $(curl -s "$url_b/v1/audit/verify")"
