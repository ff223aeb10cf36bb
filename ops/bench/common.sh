# Helpers shared by the benchmark scripts (run.sh, db-profile.sh): sourced, not run. They expect
# OUT (the outputs' folder), CP (the test-fixtures classpath, for fake), LOAD_CPU and FAKE_SERVER.
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
pin() { if command -v taskset >/dev/null && [ "$(nproc)" -gt 1 ]; then taskset -c "$1" "${@:2}"; else "${@:2}"; fi; }
# For background processes: the subshell becomes the process, so $! is the JVM's own pid (jcmd, kill).
pinexec() { if command -v taskset >/dev/null && [ "$(nproc)" -gt 1 ]; then exec taskset -c "$1" "${@:2}"; else exec "${@:2}"; fi; }

fake() { # fake PORT NAME ARGS...: (re)starts a fake upstream on the load CPU and waits until it listens
  local port=$1 name=$2; shift 2
  pkill -f "FakeUpstreamMain --port $port " 2>/dev/null || true
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break; sleep 0.1; done
  pinexec "$LOAD_CPU" java -Xss256k -cp "$CP" org.aistudio.fixtures.upstream.FakeUpstreamMain --port "$port" \
    --server "$FAKE_SERVER" "$@" \
    > "$OUT/fake-$name.log" 2>&1 & PIDS+=($!)
  for _ in $(seq 600); do grep -q listening "$OUT/fake-$name.log" && return; sleep 0.1; done
  log "fake $name did not start"; exit 1
}

await_host() { # await_host PORT: until the host answers its health check (a minute at most), else its log's end
  for _ in $(seq 120); do curl -sf "http://127.0.0.1:$1/api/health" >/dev/null 2>&1 && return; sleep 0.5; done
  log "host did not start"; tail -50 "$OUT/host.log"; exit 1
}

# The host's embedded PostgreSQL, from its data folder: PGMASTER, PGPORT. Call after the host is up.
find_database() {
  PGMASTER=$(head -1 "$OUT/data/pgdata/postmaster.pid")
  PGPORT=$(sed -n 4p "$OUT/data/pgdata/postmaster.pid")
}
pin_database() { # pin_database CPU: the database inherited the host's CPU; moves it (and its future backends)
  if command -v taskset >/dev/null && [ "$(nproc)" -gt 1 ]; then
    for p in $PGMASTER $(pgrep -P "$PGMASTER"); do taskset -a -p -c "$1" "$p" >/dev/null; done
  fi
}
db_cpu_jiffies() { # CPU time of the database: its postmaster (with its ended children) and its live processes
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$PGMASTER/stat"
    for p in $(pgrep -P "$PGMASTER"); do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done; } | awk '{s += $1} END {print s + 0}'
}

# await_file FILE PID: until the driver PID writes FILE (its --ready-file or --warmed-file) or ends. A
# warmed driver then waits while FILE exists: the caller reads its counters, then removes it.
await_file() { while [ ! -f "$1" ] && kill -0 "$2" 2>/dev/null; do sleep 0.05; done; }
