#!/usr/bin/env bash
# The streaming benchmark: the load driver straight against a fake OpenAI (the floor), then through
# the host on one CPU with a 1 GB task's memory settings. Prints added time to first token,
# throughput ratios, the most concurrent streams held, heap per open stream, h2load numbers and
# database writes per job. Loopback only; bounded; about 15 minutes on 2 cores.
#
#   ops/bench/run.sh                       # everything
#   BENCH_STEPS="1000 2000" ops/bench/run.sh   # fewer capacity steps
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=${BENCH_OUT:-$(mktemp -d /tmp/aistudio-bench.XXXXXX)}
mkdir -p "$OUT"
STEPS=${BENCH_STEPS:-"1000 2000 5000 10000"}
RAMP_RATE=${BENCH_RAMP_RATE:-250}          # capacity steps open this many streams per second
SLOW_CHUNKS=${BENCH_SLOW_CHUNKS:-60}       # slow answers: this many chunks 1 s apart, so a step is all open at once
FAST_PORT=${BENCH_FAST_PORT:-18081}
SLOW_PORT=${BENCH_SLOW_PORT:-18082}
HOST_PORT=${BENCH_HOST_PORT:-13000}
MGMT_PORT=${BENCH_MGMT_PORT:-13001}
HOST_CPU=${BENCH_HOST_CPU:-0}
LOAD_CPU=${BENCH_LOAD_CPU:-1}
DB_CPU=${BENCH_DB_CPU:-$LOAD_CPU}          # the database is a server of its own in production (Aurora)
HOST_JVM=${BENCH_HOST_JVM:-"-Xmx700m -XX:MaxDirectMemorySize=128m -XX:+UseG1GC"}
SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
pin() { if command -v taskset >/dev/null && [ "$(nproc)" -gt 1 ]; then taskset -c "$1" "${@:2}"; else "${@:2}"; fi; }
# For background processes: the subshell becomes the process, so $! is the JVM's own pid (jcmd, kill).
pinexec() { if command -v taskset >/dev/null && [ "$(nproc)" -gt 1 ]; then exec taskset -c "$1" "${@:2}"; else exec "${@:2}"; fi; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# --- build --------------------------------------------------------------------------------------
JAR=host-ecs/target/aistudio-host.jar
[ -f "$JAR" ] || { log "building the host jar"; ./mvnw -B -q -pl host-ecs -am package -DskipTests; }
if [ ! -f "$OUT/cp.txt" ]; then
  log "building the test-fixtures classpath"
  ./mvnw -B -q -pl test-fixtures -am compile dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
fi
CP="$ROOT/test-fixtures/target/classes:$(cat "$OUT/cp.txt")"
driver() { pin "$LOAD_CPU" java -Xss512k -Xmx2g -cp "$CP" org.aistudio.fixtures.load.LoadDriver "$@" | tee -a "$OUT/driver.log" | grep '^{"label"' || true; }
jget() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2], {}, d))" "$1" "$2"; }

# --- fakes --------------------------------------------------------------------------------------
# fast: 30 chunks 10 ms apart (~0.3 s an answer); slow: $SLOW_CHUNKS chunks 1 s apart (streams that stay open).
pinexec "$LOAD_CPU" java -Xss256k -cp "$CP" org.aistudio.fixtures.upstream.FakeUpstreamMain --port "$FAST_PORT" \
  --chunks 30 --delay-ms 10 > "$OUT/fake-fast.log" 2>&1 & PIDS+=($!)
pinexec "$LOAD_CPU" java -Xss256k -cp "$CP" org.aistudio.fixtures.upstream.FakeUpstreamMain --port "$SLOW_PORT" \
  --chunks "$SLOW_CHUNKS" --delay-ms 1000 > "$OUT/fake-slow.log" 2>&1 & PIDS+=($!)
for f in fast slow; do
  for _ in $(seq 100); do grep -q listening "$OUT/fake-$f.log" && break; sleep 0.1; done
done
DIRECT_FAST=http://127.0.0.1:$FAST_PORT/v1/chat/completions
DIRECT_SLOW=http://127.0.0.1:$SLOW_PORT/v1/chat/completions

# --- host ---------------------------------------------------------------------------------------
log "starting the host on CPU $HOST_CPU with $HOST_JVM"
pinexec "$HOST_CPU" env AISTUDIO_DATA_DIR="$OUT/data" PORT=$HOST_PORT MANAGEMENT_PORT=$MGMT_PORT AISTUDIO_JWT_SECRET="$SECRET" \
  OPENAI_API_KEY=sk-bench OPENAI_BASE_URL=http://127.0.0.1:$FAST_PORT/v1 \
  OPENAI_COMPATIBLE_BASE_URL=http://127.0.0.1:$SLOW_PORT/v1 \
  AISTUDIO_RATE_LIMIT_PER_MINUTE=100000000 AISTUDIO_RATE_LIMIT_CONCURRENT=100000000 \
  AISTUDIO_LOG_FORMAT=text AISTUDIO_DB_POOL_SIZE=${BENCH_DB_POOL:-10} \
  java $HOST_JVM -jar "$JAR" > "$OUT/host.log" 2>&1 & HOST_PID=$!; PIDS+=($HOST_PID)
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$HOST_PORT/api/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$HOST_PORT/api/health" >/dev/null || { log "host did not start"; tail -50 "$OUT/host.log"; exit 1; }
PGPORT=$(sed -n 4p "$OUT/data/pgdata/postmaster.pid")
# The embedded PostgreSQL inherited the host's CPU; move it (and its future backends) off it.
PGMASTER=$(head -1 "$OUT/data/pgdata/postmaster.pid")
if command -v taskset >/dev/null && [ "$(nproc)" -gt 1 ]; then
  for p in $PGMASTER $(pgrep -P "$PGMASTER"); do taskset -a -p -c "$DB_CPU" "$p" >/dev/null; done
fi
JDBC=jdbc:postgresql://localhost:$PGPORT/postgres
db() { java -cp "$CP" org.aistudio.fixtures.load.DbTool "$@"; }
db exec "$JDBC" "INSERT INTO ai_models (key, name, provider, provider_model_id) VALUES
  ('bench-fast', 'Bench fast', 'openai', 'gpt-bench'),
  ('bench-slow', 'Bench slow', 'openai-compatible', 'gpt-bench') ON CONFLICT (key) DO NOTHING"
sleep 3 # the catalogue cache's TTL
HOST_CHAT=http://127.0.0.1:$HOST_PORT/api/chat
HOST_OPENAI=http://127.0.0.1:$HOST_PORT/v1/chat/completions
AUTH=(--jwt-secret "$SECRET" --subject bench-user)
host_cpu_ms() { # CPU time the host process has used, user + system, in ms
  awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$HOST_PID/stat"
}
heap_used_kb() { # heap in use after a full GC, in KB
  jcmd "$HOST_PID" GC.run >/dev/null; sleep 1
  jcmd "$HOST_PID" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+'
}

# The JIT is still compiling after a few thousand answers (C2 took a third of the host's CPU after
# 15,000): measure a host that has served as many as a task does in its first minutes.
WARMUP=${BENCH_WARMUP:-12000}
log "warming up the host with $WARMUP answers"
driver --url "$HOST_CHAT" --model bench-fast --streams "$WARMUP" --concurrency 200 --timeout 600 "${AUTH[@]}" \
  --label warmup >/dev/null

# --- added TTFT and throughput at 1, 100, 1000 concurrent streams ---------------------------------
declare -A TOTAL=([1]=30 [100]=600 [1000]=3000)
printf '\n%-12s %10s %10s %10s %10s %12s %12s %10s %8s %12s\n' concurrency "direct p50" "direct p99" "host p50" "host p99" \
  "added p50" "added p99" "host/direct" errors "CPU ms/answer" | tee "$OUT/overhead.txt"
for c in 1 100 1000; do
  d=$(driver --url "$DIRECT_FAST" --model gpt-bench --streams "${TOTAL[$c]}" --concurrency "$c" --warmup 20 --label "direct-c$c")
  before=$(db counters "$JDBC"); cpu_before=$(host_cpu_ms)
  h=$(driver --url "$HOST_CHAT" --model bench-fast --streams "${TOTAL[$c]}" --concurrency "$c" --warmup 20 "${AUTH[@]}" --label "host-c$c")
  sleep 1.5; after=$(db counters "$JDBC"); cpu=$(( $(host_cpu_ms) - cpu_before ))
  echo "$d" >> "$OUT/results.jsonl"; echo "$h" >> "$OUT/results.jsonl"
  echo "c$c $before $after $(jget "$h" streams) $(jget "$h" streamSeconds)" >> "$OUT/dbwrites.txt"
  python3 - "$c" "$d" "$h" "$cpu" <<'PY' | tee -a "$OUT/overhead.txt"
import json, sys
c, d, h, cpu = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4])
print("%-12s %10.2f %10.2f %10.2f %10.2f %12.2f %12.2f %9.0f%% %8d %12.2f" % (c, d["ttftMs"]["p50"], d["ttftMs"]["p99"],
      h["ttftMs"]["p50"], h["ttftMs"]["p99"], h["ttftMs"]["p50"] - d["ttftMs"]["p50"], h["ttftMs"]["p99"] - d["ttftMs"]["p99"],
      100 * h["chunksPerSec"] / max(d["chunksPerSec"], 1e-9), d["errors"] + h["errors"], cpu / max(h["streams"], 1)))
PY
done

# --- database writes per job and per second of streaming -----------------------------------------
python3 - "$OUT/dbwrites.txt" <<'PY' | tee "$OUT/dbwrites-summary.txt"
import sys
print("\n%-8s %6s %12s %12s %14s %18s" % ("run", "jobs", "rows written", "commits", "writes per job", "writes/s per stream"))
for line in open(sys.argv[1]):
    f = line.split()
    name, b, a, jobs, secs = f[0], list(map(int, f[1:5])), list(map(int, f[5:9])), int(f[9]), float(f[10])
    rows = sum(a[i] - b[i] for i in range(3)); commits = a[3] - b[3]
    print("%-8s %6d %12d %12d %14.1f %18.2f" % (name, jobs, rows, commits, rows / max(jobs, 1), rows / max(secs, 1e-9)))
PY

# --- capacity: slow streams held open, stepped up -------------------------------------------------
log "warming up the slow fake (its first direct step would otherwise carry its JIT)"
driver --url "$DIRECT_SLOW" --model gpt-bench --streams 500 --rate "$RAMP_RATE" --timeout $(( SLOW_CHUNKS + 120 )) \
  --label warmup-slow >/dev/null # also lets the ended jobs of the runs above leave memory (kept a minute for resume)
BASE_KB=$(heap_used_kb)
printf '\n%-8s %8s %12s %12s %12s %8s %14s %18s %6s\n' streams errors "direct p99" "host p99" "added p99" "open" \
  "heap MB" "heap KB / stream" pass | tee "$OUT/capacity.txt"
LAST_PASS=0
for n in $STEPS; do
  timeout=$(( n / RAMP_RATE + SLOW_CHUNKS + 60 ))
  d=$(driver --url "$DIRECT_SLOW" --model gpt-bench --streams "$n" --rate "$RAMP_RATE" --timeout "$timeout" --label "direct-n$n")
  rm -f "$OUT/ready"
  before=$(db counters "$JDBC")
  driver --url "$HOST_CHAT" --model bench-slow --streams "$n" --rate "$RAMP_RATE" --timeout "$timeout" --http 2 \
    "${AUTH[@]}" --ready-file "$OUT/ready" --label "host-n$n" > "$OUT/host-n$n.json" &
  DRIVER=$!
  for _ in $(seq $(( timeout * 10 ))); do [ -f "$OUT/ready" ] || ! kill -0 $DRIVER 2>/dev/null && break; sleep 0.1; done
  held_kb=$(heap_used_kb)
  wait $DRIVER || true
  sleep 1.5; after=$(db counters "$JDBC")
  h=$(cat "$OUT/host-n$n.json")
  echo "$d" >> "$OUT/results.jsonl"; echo "$h" >> "$OUT/results.jsonl"
  echo "n$n $before $after $(jget "$h" streams) $(jget "$h" streamSeconds)" >> "$OUT/dbwrites-slow.txt"
  pass=$(python3 - "$n" "$d" "$h" "$BASE_KB" "$held_kb" <<'PY' | tee -a "$OUT/capacity.txt"
import json, sys
n, d, h, base, held = int(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
added = h["ttftMs"]["p99"] - d["ttftMs"]["p99"]
ok = h["errors"] == 0 and d["errors"] == 0 and added < 10
print("%-8d %8d %12.2f %12.2f %12.2f %8d %14.1f %18.1f %6s" % (n, h["errors"], d["ttftMs"]["p99"], h["ttftMs"]["p99"],
      added, h["ttftMs"]["count"], held / 1024, (held - base) / n, "yes" if ok else "no"))
PY
)
  echo "$pass"
  case "$pass" in *yes) LAST_PASS=$n ;; *) break ;; esac
done
echo "largest step held with zero errors and added TTFT p99 < 10 ms: $LAST_PASS streams" | tee -a "$OUT/capacity.txt"
python3 - "$OUT/dbwrites-slow.txt" "$SLOW_CHUNKS" <<'PY' | tee -a "$OUT/dbwrites-summary.txt"
import sys
print("\nslow streams (%s chunks, 1 s apart):" % sys.argv[2])
print("%-8s %6s %12s %12s %14s %18s" % ("run", "jobs", "rows written", "commits", "writes per job", "writes/s per stream"))
for line in open(sys.argv[1]):
    f = line.split()
    name, b, a, jobs, secs = f[0], list(map(int, f[1:5])), list(map(int, f[5:9])), int(f[9]), float(f[10])
    rows = sum(a[i] - b[i] for i in range(3)); commits = a[3] - b[3]
    print("%-8s %6d %12d %12d %14.1f %18.2f" % (name, jobs, rows, commits, rows / max(jobs, 1), rows / max(secs, 1e-9)))
PY

# --- h2load: HTTP/2 multiplexed vs HTTP/1.1 ------------------------------------------------------
if ! command -v h2load >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get install -y -q nghttp2-client || (apt-get update -q && apt-get install -y -q nghttp2-client)) >/dev/null 2>&1 || true
fi
if command -v h2load >/dev/null; then
  TOKEN=$(java -cp "$CP" org.aistudio.fixtures.load.DbTool token "$SECRET" bench-user)
  printf '{"model":"bench-fast","stream":true,"messages":[{"role":"user","content":"Hello"}]}' > "$OUT/body.json"
  echo | tee -a "$OUT/h2load.txt"
  for mode in "h2 -c1 -m100" "h1 --h1 -c100"; do
    set -- $mode; name=$1; shift
    r=$(pin "$LOAD_CPU" h2load "$@" -n1000 -d "$OUT/body.json" -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' "$HOST_OPENAI" 2>&1 || true)
    echo "$r" >> "$OUT/h2load.log"
    printf 'h2load %-3s (%s -n1000): %s | %s | %s\n' "$name" "$*" "$(echo "$r" | grep -E '^finished in' | head -1)" \
      "$(echo "$r" | grep -E '^requests:' | head -1)" "$(echo "$r" | grep -E '^time to 1st byte' | head -1 | tr -s ' ')" \
      | tee -a "$OUT/h2load.txt"
  done
else
  echo "h2load not found (apt-get install -y nghttp2-client): skipped" | tee -a "$OUT/h2load.txt"
fi

echo
echo "machine: $(nproc) CPUs, $(free -m | awk '/Mem:/{print $2}') MB, $(java -version 2>&1 | head -1)"
echo "host: CPU $HOST_CPU, $HOST_JVM; database: CPU $DB_CPU; driver and fakes: CPU $LOAD_CPU; outputs in $OUT"
