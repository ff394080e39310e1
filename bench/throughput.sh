#!/usr/bin/env bash
# The service against its own HTTP stack, in one run (a benchmark, not a test; issue 12): starts the
# service on its embedded PostgreSQL (fsync on), warms it up, then measures with wrk on the same
# machine, one after the other:
#   health   GET /health/live                          what the HTTP stack itself can do here
#   preview  POST /v1/recall-decisions, mode preview   (bench/decisions.lua)
#   enforce  POST /v1/recall-decisions, mode enforce   each answered after its record is committed
#   batch    POST /v1/recall-decisions/batch           ITEMS enforce requests per body (bench/batch.lua)
# and prints the throughputs, preview/health and enforce/health, p50/p99, the service JVM's RSS and
# its PostgreSQL's memory, sampled every second during the measured phases.
#
#   bench/throughput.sh
#   DURATION=30s WARMUP=60s bench/throughput.sh
#   JFR=/tmp/jfr bench/throughput.sh          # one JFR recording per measured phase (java bench/JfrTop.java FILE)
#   PHASES="health preview" bench/throughput.sh
#   JAR=/tmp/main.jar bench/throughput.sh     # another build
#   SETTLE=0 bench/throughput.sh              # measure without letting the database settle first
#   URLS=http://127.0.0.1:8081,http://127.0.0.1:8082 ... see bench/two-replicas.sh
#
# Targets (2 cores, wrk co-located, 32 connections): preview >= 0.5 x health, enforce >= 0.35 x
# health with p99 <= 10 ms, batch >= 50,000 decisions/s, JVM RSS <= 512 MB, no errors.
set -euo pipefail

cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
# The JIT needs tens of seconds of traffic before Drools, the JSON paths and the pg client are
# compiled; a shorter warm-up measures the interpreter and the C1 compiler.
WARMUP=${WARMUP:-30s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
# 8 batches of 500 in flight: 32 would be 16,000 records waiting for group commit, over the
# record queue's capacity (RECALLGATE_RECORD_QUEUE_CAPACITY, 10,000), and answered 503 by design.
BATCH_CONNECTIONS=${BATCH_CONNECTIONS:-8}
ITEMS=${ITEMS:-500}
# The heap bound of the README's run command: RSS is heap + metaspace, code, threads and buffers.
JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
SERVICE_ARGS=${SERVICE_ARGS:-}
JAR=${JAR:-target/recallgate.jar}
JFR=${JFR:-}
# Before each measured phase the database is let settle, at most this many seconds (0: not at all):
# the rows the warm-ups (and earlier phases) wrote are vacuumed and analyzed, their dirty pages
# checkpointed, and autovacuum workers still running are waited for. Otherwise an autovacuum of
# the warm-ups' million rows, or the writes of their dirty buffers, lands in whichever phase comes
# next and takes its CPU (a full run at 21:37 UTC showed PostgreSQL at 10 % during preview, which
# writes nothing; an autovacuum of decisions ran through a measured enforce phase at 22:16).
SETTLE=${SETTLE:-120}

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_prepare
sampler=""
bench_on_exit() { [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true; }
# shellcheck disable=SC2086
bench_start throughput $SERVICE_ARGS
echo "service at $url (pid $pid, java $JAVA_OPTS); wrk -t$THREADS -c$CONNECTIONS (batch: -c$BATCH_CONNECTIONS," \
    "$ITEMS items) -d$DURATION after a warm-up of $WARMUP per phase; $(nproc) cores"

# ---- memory: the service JVM's RSS (VmRSS), and its PostgreSQL's proportional set size (PSS,
# shared buffers counted once across its processes), every second, tagged with the phase
echo start >"$work/phase"
postgres_pids() {
    local pm
    for pm in $(pgrep -f -- "-D $work/data/pg" || true); do
        echo "$pm"
        pgrep -P "$pm" || true
    done
}
(
    while kill -0 "$pid" 2>/dev/null; do
        jvm=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
        pg=0
        for p in $(postgres_pids); do
            k=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
            pg=$((pg + ${k:-0}))
        done
        echo "$(cat "$work/phase") $jvm $pg" >>"$work/memory.txt"
        sleep 1
    done
) &
sampler=$!

cpu_of() {
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13 + $14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}
# CPU seconds of the service JVM, of its PostgreSQL (postmaster and backends) and of the whole machine
jvm_cpu() { cpu_of "$pid"; }
pg_cpu() {
    local total=0 p
    for p in $(postgres_pids); do
        total=$(awk -v a="$total" -v b="$(cpu_of "$p")" 'BEGIN { print a + b }')
    done
    echo "$total"
}
# CPU seconds of this shell's finished children (wrk, once it has exited), from bash's `times`
# run in this shell itself (a command substitution would be a child with children of its own)
children_cpu() { awk 'NR == 2 { gsub(/[ms]/, " "); print $1 * 60 + $2 + $3 * 60 + $4 }' "$work/times"; }
machine_busy() { awk '/^cpu / { print ($2 + $3 + $4 + $7 + $8) / 100, ($2 + $3 + $4 + $5 + $6 + $7 + $8) / 100 }' /proc/stat; }

# phase name, wrk arguments...: runs wrk, appends CPU use to its output
run_wrk() {
    local name=$1 out=$2
    shift 2
    echo "$name" >"$work/phase"
    local j0 p0 m0 t0 w0
    times >"$work/times"
    j0=$(jvm_cpu); p0=$(pg_cpu); m0=$(machine_busy); t0=$(date +%s.%N); w0=$(children_cpu)
    wrk "$@" >"$out"
    times >"$work/times"
    echo "wall $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')" >>"$out"
    echo "cpu_wrk $(awk -v a="$w0" -v b="$(children_cpu)" 'BEGIN { print b - a }')" >>"$out"
    echo "cpu_jvm $(awk -v a="$j0" -v b="$(jvm_cpu)" 'BEGIN { print b - a }')" >>"$out"
    echo "cpu_pg $(awk -v a="$p0" -v b="$(pg_cpu)" 'BEGIN { print b - a }')" >>"$out"
    echo "machine $m0 $(machine_busy)" >>"$out"
}

# kind duration outfile: one phase of one kind
phase() {
    local kind=$1 duration=$2 out=$3 tag=$4
    local run="$kind-$tag-$RANDOM$RANDOM"
    case "$kind" in
        health) run_wrk "$tag-$kind" "$out" -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency --timeout 10s \
            "$url/health/live" ;;
        preview | enforce) MODE=$kind RUN=$run run_wrk "$tag-$kind" "$out" -t"$THREADS" -c"$CONNECTIONS" \
            -d"$duration" --latency --timeout 10s -s bench/decisions.lua "$url" ;;
        batch) ITEMS=$ITEMS RUN=$run run_wrk "$tag-$kind" "$out" -t"$THREADS" -c"$BATCH_CONNECTIONS" \
            -d"$duration" --latency --timeout 10s -s bench/batch.lua "$url" ;;
    esac
}

# The embedded PostgreSQL (trust authentication, TCP on 127.0.0.1): its port is line 4 of postmaster.pid
pg_port=$(sed -n 4p "$work/data/pg/postmaster.pid" 2>/dev/null || true)
pg_sql() { PGCONNECT_TIMEOUT=5 psql -X -q -A -t -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres "$@"; }
autovacuum_workers() { pg_sql -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'" 2>/dev/null || echo "?"; }
# kind: lets the database settle before the measured phase of that kind (see SETTLE), and says so
settle() {
    local kind=$1 t0 deadline before after left vacuum=ok
    [ "$SETTLE" = 0 ] && return 0
    echo "settle-$kind" >"$work/phase"
    if [ -z "$pg_port" ] || ! command -v psql >/dev/null 2>&1; then
        echo "settle before $kind: skipped (no psql, or no embedded PostgreSQL)"
        return 0
    fi
    t0=$(date +%s)
    deadline=$((t0 + SETTLE))
    before=$(autovacuum_workers)
    # VACUUM cancels an autovacuum of the same table and does its work at once; bounded by SETTLE
    timeout "$SETTLE" psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres \
        -c "VACUUM (ANALYZE)" -c "CHECKPOINT" >/dev/null 2>&1 || vacuum="not finished"
    after=$(autovacuum_workers)
    while [ "$after" != 0 ] && [ "$(date +%s)" -lt "$deadline" ]; do
        sleep 1
        after=$(autovacuum_workers)
    done
    left=$(autovacuum_workers)
    echo "settle before $kind: VACUUM (ANALYZE) + CHECKPOINT $vacuum, autovacuum workers $before before," \
        "$left after; $(($(date +%s) - t0)) s" | tee -a "$work/settle.txt"
}

kinds=${PHASES:-health preview enforce batch}
if [ "$WARMUP" != "0" ]; then
    for kind in $kinds; do
        phase "$kind" "$WARMUP" "$work/warmup-$kind.txt" warmup
    done
fi
if [ -n "$JFR" ]; then
    mkdir -p "$JFR"
    # JFR's "profile" settings, sampling Java code every millisecond instead of every 10 ms
    java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    sed 's|<setting name="period" control="method-sampling-java-interval">10 ms</setting>|<setting name="period" control="method-sampling-java-interval">1 ms</setting>|' \
        "$java_home/lib/jfr/profile.jfc" >"$work/profile-1ms.jfc"
fi
for kind in $kinds; do
    settle "$kind"
    [ -n "$JFR" ] && jcmd "$pid" JFR.start name="$kind" settings="$work/profile-1ms.jfc" >/dev/null
    phase "$kind" "$DURATION" "$work/$kind.txt" measured
    [ -n "$JFR" ] && jcmd "$pid" JFR.stop name="$kind" filename="$JFR/$kind.jfr" >/dev/null
done
echo end >"$work/phase"
kill "$sampler" 2>/dev/null || true
sampler=""

verify=$(curl -s "$url/v1/audit/verify" || true)
batches=$(curl -s "$url/metrics" | grep -E '^recallgate_record_batch_size_(count|sum)' | awk '{ print $2 }' | paste -sd' ' || true)
redone=$(curl -s "$url/metrics" | grep -E '^recallgate_record_writes_redone_total' | awk '{ print $2 }' || true)

# wrk prints latencies as 812.00us, 3.41ms or 1.02s: in ms
to_ms() {
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
rps() { if [ -f "$1" ]; then awk '/^Requests\/sec:/ { print $2 }' "$1"; else echo 0; fi; }
pct() { to_ms "$(awk -v p="$2%" '$1 == p { print $2 }' "$1")"; }
errors() {
    local non2xx sock
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$1")
    sock=$(awk '/Socket errors:/ { sub(/^ *Socket errors: */, ""); print }' "$1")
    echo "${non2xx:-0}${sock:+ (socket: $sock)}"
}
# CPU share of the phase (100 % = one core): the JVM, its PostgreSQL, wrk, anything else on the
# machine (other users' builds: a disturbed run), and the whole machine
share() {
    awk '$1 == "wall" { d = $2 } $1 == "cpu_jvm" { j = $2 } $1 == "cpu_pg" { p = $2 } $1 == "cpu_wrk" { w = $2 }
        $1 == "machine" { m = ($4 - $2) } END { o = m - j - p - w; if (o < 0) o = 0
        printf "%3.0f %% %3.0f %% %3.0f %% %3.0f %% %3.0f %%", 100 * j / d, 100 * p / d, 100 * w / d, 100 * o / d, 100 * m / d }' "$1"
}

health=$(rps "$work/health.txt")
preview=$(rps "$work/preview.txt")
enforce=$(rps "$work/enforce.txt")
batch_rps=$(rps "$work/batch.txt")
batch=$(awk -v r="$batch_rps" -v n="$ITEMS" 'BEGIN { printf "%.2f", r * n }')

echo
printf '%-8s %14s %9s %9s %9s   %-34s %s\n' phase "per second" p50_ms p90_ms p99_ms "cpu: jvm / pg / wrk / other / all" "errors (non-2xx)"
for kind in $kinds; do
    f="$work/$kind.txt"
    what=$(rps "$f")
    [ "$kind" = batch ] && what="$batch"
    printf '%-8s %14s %9s %9s %9s   %-34s %s\n' "$kind" "$what" "$(pct "$f" 50)" "$(pct "$f" 90)" "$(pct "$f" 99)" \
        "$(share "$f")" "$(errors "$f")"
done
echo "(batch: decisions/s = $batch_rps requests/s x $ITEMS items; its latencies are per request of $ITEMS)"
warmups=""
for kind in $kinds; do warmups="$warmups $kind $(errors "$work/warmup-$kind.txt")"; done
echo "errors (non-2xx) during the warm-ups:$warmups"
awk -v h="$health" -v p="$preview" -v e="$enforce" 'BEGIN {
    printf "preview / health: %.2f   (target >= 0.50)\n", p / h
    printf "enforce / health: %.2f   (target >= 0.35)\n", e / h }'
awk '$1 ~ /^measured-/ { if ($2 > j) j = $2; if ($3 > p) p = $3; n++; js += $2 }
    END { printf "RSS of the service JVM (VmRSS) during the measured phases: max %.0f MB, mean %.0f MB (target <= 512 MB)\n", j / 1024, js / n / 1024
          printf "PostgreSQL (all its processes, PSS) during the measured phases: max %.0f MB\n", p / 1024 }' "$work/memory.txt"
for kind in $kinds; do
    awk -v k="measured-$kind" '$1 == k { if ($2 > j) j = $2; last = $2 } END { printf "  %-18s JVM RSS max %.0f MB, last %.0f MB\n", k, j / 1024, last / 1024 }' "$work/memory.txt"
done
echo "group commits (count, records sent, committed or not): $batches"
echo "group commits sent in one round trip, refused and written again: ${redone:-?}"
echo "audit log after the run: $verify"
if [ -n "${KEEP:-}" ]; then
    mkdir -p "$KEEP"
    cp "$work"/*.txt "$work/service.log" "$KEEP"/
fi
