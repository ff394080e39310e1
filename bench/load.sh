#!/usr/bin/env bash
# Throughput benchmark of POST /v1/recall-decisions (not a test): preview, then enforce (durable,
# group-committed to the embedded PostgreSQL), each for DURATION with wrk.
#
#   bench/load.sh                       # 20 s each, 2 wrk threads, 64 connections
#   DURATION=30s CONNECTIONS=128 bench/load.sh
#   JAVA_OPTS="-Xmx1g" SERVICE_ARGS="--http-instances 1" bench/load.sh
#   JAR=/tmp/other-build.jar bench/load.sh   # compare two builds
#
# Targets (2 cores, load generator included): enforce >= 5000 decisions/s with p99 <= 50 ms,
# and enforce >= 50 % of preview throughput.
set -euo pipefail

cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
# The JIT needs tens of seconds of traffic before Drools, the JSON paths and the pg client are
# compiled; shorter warm-ups measure the interpreter.
WARMUP=${WARMUP:-30s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
JAVA_OPTS=${JAVA_OPTS:-}
SERVICE_ARGS=${SERVICE_ARGS:-}
JAR=${JAR:-target/recallgate.jar}

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_prepare
# shellcheck disable=SC2086
bench_start bench $SERVICE_ARGS
echo "service at $url (pid $pid); wrk -t$THREADS -c$CONNECTIONS -d$DURATION, warm-up $WARMUP per mode"

# CPU seconds (user + system) used so far by a process, plus its children that have exited
cpu_of() {
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13 + $14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}
# the service JVM plus its embedded PostgreSQL (postmaster, exited and live backends)
service_cpu() {
    local total pm
    total=$(cpu_of "$pid")
    for pm in $(pgrep -f -- "-D $work/data/pg" || true); do
        total=$(awk -v a="$total" -v b="$(cpu_of "$pm")" 'BEGIN { print a + b }')
        for c in $(pgrep -P "$pm" || true); do
            total=$(awk -v a="$total" -v b="$(awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$c/stat" 2>/dev/null || echo 0)" 'BEGIN { print a + b }')
        done
    done
    echo "$total"
}
jvm_cpu() { cpu_of "$pid"; }

run_wrk() { # mode duration outfile
    local s0 j0
    s0=$(service_cpu); j0=$(jvm_cpu)
    MODE=$1 RUN="$1-$RANDOM$RANDOM" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency --timeout 10s \
        -s bench/decisions.lua "$url" >"$3"
    echo "cpu_service $(awk -v a="$s0" -v b="$(service_cpu)" 'BEGIN { print b - a }')" >>"$3"
    echo "cpu_jvm $(awk -v a="$j0" -v b="$(jvm_cpu)" 'BEGIN { print b - a }')" >>"$3"
}

# wrk prints latencies as 812.00us, 3.41ms or 1.02s: print them in ms
to_ms() {
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
rps()    { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
pct()    { to_ms "$(awk -v p="$2%" '$1 == p { print $2 }' "$1")"; }
errors() {
    local non2xx sock
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$1")
    sock=$(awk '/Socket errors:/ { print }' "$1")
    echo "non-2xx: ${non2xx:-0}${sock:+; $sock}"
}

for mode in preview enforce; do
    if [ "$WARMUP" != "0" ]; then
        run_wrk "$mode" "$WARMUP" "$work/warmup-$mode.txt"
    fi
    run_wrk "$mode" "$DURATION" "$work/$mode.txt"
done

verify=$(curl -s "$url/v1/audit/verify" || true)
metrics=$(curl -s "$url/metrics" | grep -E '^recallgate_record_batch_size_(count|sum)' || true)

# CPU milliseconds the service (JVM + its PostgreSQL) and the JVM alone spent per decision
cpu_per() {
    awk -v what="$2" '$1 == what { c = $2 } /requests in/ { n = $1 } END { if (n > 0) printf "%.3f", 1000 * c / n; else print "?" }' "$1"
}

echo
printf '%-8s %12s %8s %8s %8s %12s %10s   %s\n' mode decisions/s p50_ms p90_ms p99_ms cpu_ms/dec jvm_ms/dec errors
for mode in preview enforce; do
    f="$work/$mode.txt"
    printf '%-8s %12s %8s %8s %8s %12s %10s   %s\n' "$mode" "$(rps "$f")" "$(pct "$f" 50)" "$(pct "$f" 90)" \
        "$(pct "$f" 99)" "$(cpu_per "$f" cpu_service)" "$(cpu_per "$f" cpu_jvm)" "$(errors "$f")"
done
echo "(cpu_ms/dec: CPU time of the service JVM and its PostgreSQL per decision; on 2 dedicated cores,"
echo " 2000 / cpu_ms/dec is the most decisions/s the service could do if it had both cores to itself)"
awk -v e="$(rps "$work/enforce.txt")" -v p="$(rps "$work/preview.txt")" \
    'BEGIN { printf "enforce/preview throughput: %.0f %%\n", 100 * e / p }'
echo "audit log after the run: $verify"
[ -n "$metrics" ] && echo "$metrics"
if [ -n "${KEEP_WRK_OUTPUT:-}" ]; then
    cp "$work"/preview.txt "$work"/enforce.txt "$KEEP_WRK_OUTPUT"/
fi
