#!/usr/bin/env bash
# Where the database's work goes, with the host on one CPU and the database, fakes and driver on
# the other, as in run.sh. Two parts, about 5 minutes:
#   held:       N streams held open (a chunk every 2 s); over 40 s, the job table's updates, the
#               share of them that are heap-only (no index touched), the write-ahead log a second,
#               the database's CPU, then the table's and its indexes' sizes;
#   statements: M answers of 30 chunks, C at a time, after 2,000 that warm the driver; the
#               database's CPU per answer and its statements by total time (pg_stat_statements),
#               execution time per call.
#
#   ops/bench/db-profile.sh
#   BENCH_HELD=5000 BENCH_ANSWERS=6000 BENCH_CONCURRENCY=1000 ops/bench/db-profile.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=${BENCH_OUT:-$(mktemp -d /tmp/aistudio-db-profile.XXXXXX)}
mkdir -p "$OUT"
HELD=${BENCH_HELD:-2000}
ANSWERS=${BENCH_ANSWERS:-3000}
CONCURRENCY=${BENCH_CONCURRENCY:-100}
HOST_CPU=${BENCH_HOST_CPU:-0}
LOAD_CPU=${BENCH_LOAD_CPU:-1}
HOST_JAVA=${BENCH_HOST_JAVA:-java}
HOST_PORT=${BENCH_HOST_PORT:-13100}
SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
FAKE_SERVER=paced
log() { echo "[db-profile $(date +%H:%M:%S)] $*" >&2; }
. ops/bench/common.sh
command -v psql >/dev/null || { log "psql is needed (apt-get install -y postgresql-client)"; exit 1; }

JAR=host-ecs/target/aistudio-host.jar
[ -f "$JAR" ] || { log "building the host jar"; ./mvnw -B -q -pl host-ecs -am package -DskipTests; }
[ -f "$OUT/cp.txt" ] || ./mvnw -B -q -pl test-fixtures -am compile dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
CP="$ROOT/test-fixtures/target/classes:$(cat "$OUT/cp.txt")"

fake 18091 fast --chunks 30 --delay-ms 10
fake 18092 held --chunks 60 --delay-ms 2000

HOST_PID=
start_host() { # the host on CPU $HOST_CPU, its embedded PostgreSQL moved to $LOAD_CPU
  pinexec "$HOST_CPU" env AISTUDIO_DATA_DIR="$OUT/data" PORT=$HOST_PORT MANAGEMENT_PORT=$((HOST_PORT + 1)) \
    AISTUDIO_JWT_SECRET="$SECRET" OPENAI_API_KEY=sk-bench OPENAI_BASE_URL=http://127.0.0.1:18091/v1 \
    OPENAI_COMPATIBLE_BASE_URL=http://127.0.0.1:18092/v1 \
    AISTUDIO_RATE_LIMIT_PER_MINUTE=100000000 AISTUDIO_RATE_LIMIT_CONCURRENT=100000000 AISTUDIO_LOG_FORMAT=text \
    "$HOST_JAVA" -Xmx610m -XX:MaxDirectMemorySize=128m -XX:+UseParallelGC -XX:ParallelGCThreads=1 -jar "$JAR" \
    >> "$OUT/host.log" 2>&1 & HOST_PID=$!; PIDS+=($HOST_PID)
  await_host "$HOST_PORT"
  find_database
  pin_database "$LOAD_CPU"
}
q() { psql -h localhost -p "$PGPORT" -U postgres -X -q -At "$@"; }
db_cpu_ms() { echo $(( $(db_cpu_jiffies) * 1000 / $(getconf CLK_TCK) )); }
driver() { pin "$LOAD_CPU" java -Xss512k -Xmx1g -cp "$CP" org.aistudio.fixtures.load.LoadDriver --url "http://127.0.0.1:$HOST_PORT/api/chat" \
  --jwt-secret "$SECRET" --subject bench-user --users 1000 --timeout 600 "$@" | grep '^{"label"' || true; }

log "starting the host, then again with pg_stat_statements loaded"
start_host
q -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
kill "$HOST_PID"; wait "$HOST_PID" 2>/dev/null || true
start_host
q -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
q -c "INSERT INTO ai_models (key, name, provider, provider_model_id) VALUES
  ('bench-fast', 'Bench fast', 'openai', 'gpt-bench'), ('bench-held', 'Bench held', 'openai-compatible', 'gpt-bench')
  ON CONFLICT (key) DO NOTHING"
sleep 3 # the catalogue cache's TTL

log "held: opening $HELD streams"
rm -f "$OUT/ready"
driver --model bench-held --streams "$HELD" --rate 250 --http 2 --ready-file "$OUT/ready" --label held > "$OUT/held.json" &
DRIVER=$!
await_file "$OUT/ready" $DRIVER
sleep 5
counters() { q -F ' ' -c "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables
  WHERE relname = 'ai_streaming_jobs'"; }
c0="$(counters) $(db_cpu_ms) $(date +%s%N)"
sleep 40
c1="$(counters) $(db_cpu_ms) $(date +%s%N)"
python3 - "$HELD" "$c0" "$c1" <<'PY' | tee "$OUT/held.txt"
import sys
n = int(sys.argv[1]); a = list(map(float, sys.argv[2].split())); b = list(map(float, sys.argv[3].split()))
wal, upd, hot, cpu, secs = (b[i] - a[i] for i in range(5)); secs /= 1e9
print(f"held {n} streams, {secs:.1f} s: {upd:.0f} job updates ({upd / secs / n:.2f} a second per stream), "
      f"{100 * hot / max(upd, 1):.1f} % heap-only; WAL {wal / secs / 1024:.0f} KB/s ({wal / max(upd, 1):.0f} bytes an update); "
      f"database CPU {100 * cpu / 1000 / secs:.1f} %")
PY
q -F ' ' -c "SELECT 'size ' || relname, pg_size_pretty(pg_relation_size(oid)) FROM pg_class
  WHERE relname = 'ai_streaming_jobs' OR oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'ai_streaming_jobs'::regclass)
  ORDER BY relname" | tee -a "$OUT/held.txt"
wait $DRIVER || true

log "statements: $ANSWERS answers, $CONCURRENCY at a time"
rm -f "$OUT/warmed"
driver --model bench-fast --streams "$ANSWERS" --concurrency "$CONCURRENCY" --warmup 2000 --warmed-file "$OUT/warmed" \
  --label answers > "$OUT/answers.json" &
DRIVER=$!
await_file "$OUT/warmed" $DRIVER
sleep 3 # the warm-up's last rows
q -c "SELECT pg_stat_statements_reset()" > /dev/null
cpu0=$(db_cpu_ms)
rm -f "$OUT/warmed"
wait $DRIVER || true
sleep 2
echo "answers $ANSWERS, $CONCURRENCY at a time: database CPU $(( ($(db_cpu_ms) - cpu0) * 1000 / ANSWERS )) us an answer" \
  | tee "$OUT/statements.txt"
q -F ' | ' -c "SELECT calls, round(total_exec_time::numeric, 1) AS total_ms, round((total_exec_time / calls)::numeric, 3) AS ms_a_call,
  rows, left(regexp_replace(query, '\s+', ' ', 'g'), 90) FROM pg_stat_statements WHERE calls > 0
  ORDER BY total_exec_time DESC LIMIT 6" | tee -a "$OUT/statements.txt"
log "outputs in $OUT"
