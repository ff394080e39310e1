# Shared by the HTTP benchmarks (load.sh, proofs.sh, throughput.sh); sourced from the repository
# root. Not run on its own.
#
#   bench_prepare                  build target/recallgate.jar if JAR is that file and it is missing;
#                                  install wrk if it is missing
#   bench_start NAME [SERVE ARGS]  a temporary directory $work (recallgate-NAME.XXXXXX) and the
#                                  service on $work/data with $JAVA_OPTS; sets $pid and $url once it
#                                  prints "listening on"; at exit it is stopped (SIGTERM, SIGKILL after
#                                  30 s), bench_on_exit runs (define it to stop your own helpers) and
#                                  $work is removed

bench_prepare() {
    if [ "$JAR" = target/recallgate.jar ] && [ ! -f target/recallgate.jar ]; then
        echo "building target/recallgate.jar ..."
        ./mvnw -q -DskipTests package
    fi
    if ! command -v wrk >/dev/null 2>&1; then
        echo "installing wrk ..."
        local sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        $sudo apt-get install -y wrk >/dev/null 2>&1 || { $sudo apt-get update >/dev/null && $sudo apt-get install -y wrk >/dev/null; }
    fi
}

bench_on_exit() { :; }

bench_cleanup() {
    bench_on_exit || true
    if [ -n "${pid:-}" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}

bench_start() {
    local name=$1
    shift
    work=$(mktemp -d -t "recallgate-$name.XXXXXX")
    pid=""
    trap bench_cleanup EXIT
    : >"$work/service.log"
    # shellcheck disable=SC2086
    java $JAVA_OPTS -jar "$JAR" serve --http-port 0 --data-dir "$work/data" --rules-dir rules "$@" \
        >"$work/service.log" 2>&1 &
    pid=$!
    url=""
    for _ in $(seq 1 1200); do
        url=$(sed -n 's/^listening on \(http:\/\/[^ ]*\)$/\1/p' "$work/service.log" | head -1 || true)
        [ -n "$url" ] && break
        kill -0 "$pid" 2>/dev/null || { echo "the service did not start:"; cat "$work/service.log"; exit 1; }
        sleep 0.1
    done
    [ -n "$url" ] || { echo "the service did not print its port within 120 s"; exit 1; }
}
