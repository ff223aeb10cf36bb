#!/usr/bin/env bash
# The streaming benchmark: the load driver straight against a fake OpenAI (the floor), then through
# the host on one CPU with a 1 GB task's memory settings. Prints added time to first token,
# throughput ratios, the most concurrent streams held, heap per open stream, h2load numbers and
# database writes per job. Loopback only; bounded; about 30 minutes on 2 cores.
#
#   ops/bench/run.sh                                   # everything
#   BENCH_STEPS="1000 2000" ops/bench/run.sh           # fewer capacity steps
#   BENCH_HOST_JAVA=/path/to/jdk-25/bin/java ops/bench/run.sh   # the host on the image's JDK
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=${BENCH_OUT:-$(mktemp -d /tmp/aistudio-bench.XXXXXX)}
mkdir -p "$OUT"
STEPS=${BENCH_STEPS:-"1000 2500 5000 10000"}
RAMP_RATE=${BENCH_RAMP_RATE:-250}          # capacity steps open this many streams per second
IDLE_GAP_MS=${BENCH_IDLE_GAP_MS:-5000}     # held streams get a chunk this often (a model thinking or reading slowly)
PROBES=${BENCH_PROBES:-100}                # answers, one at a time, that measure added TTFT while a step is held
PROBE_WARMUP=5                             # answers before the probes, not counted (fresh connections)
FIRST_TOKEN_MS=${BENCH_FIRST_TOKEN_MS:-50} # the upstream's own time to first token for the second one-stream row
FAKE_SERVER=${BENCH_FAKE_SERVER:-paced}   # the fakes on one thread each (paced), or a thread per stream (jdk)
PHASES=${BENCH_PHASES:-"overhead capacity h2load"} # which parts to run after the warm-up
phase() { case " $PHASES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
FAST_PORT=${BENCH_FAST_PORT:-18081}
SLOW_PORT=${BENCH_SLOW_PORT:-18082}
HOST_PORT=${BENCH_HOST_PORT:-13000}
MGMT_PORT=${BENCH_MGMT_PORT:-13001}
HOST_CPU=${BENCH_HOST_CPU:-0}
LOAD_CPU=${BENCH_LOAD_CPU:-1}
DB_CPU=${BENCH_DB_CPU:-$LOAD_CPU}          # the database is a server of its own in production (Aurora)
HOST_JAVA=${BENCH_HOST_JAVA:-java}
# The image's JAVA_OPTS in a 1 GiB task (ops/Dockerfile); its Java 25 flags only on a Java that has them.
HOST_JVM_DEFAULT="-Xmx610m -XX:MaxDirectMemorySize=128m -XX:+UseParallelGC -XX:ParallelGCThreads=1"
if "$HOST_JAVA" -XX:+UseCompactObjectHeaders -version >/dev/null 2>&1; then
  HOST_JVM_DEFAULT="$HOST_JVM_DEFAULT -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED"
fi
HOST_JVM=${BENCH_HOST_JVM:-$HOST_JVM_DEFAULT}
SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
. ops/bench/common.sh
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

# --- the machine's idle penalty -------------------------------------------------------------------
# The same few microseconds of work (what the host does for a token it has not seen), timed on the
# host's CPU back to back and after the CPU idled as long as between a stream's chunks (10 ms) and
# between the one-stream rows' answers (350 ms). Nothing else runs yet. Whatever the ratio says,
# the one-stream rows pay on every step of the host's path: their floor on this machine.
log "timing the host CPU's idle penalty"
printf '\n%-8s %8s %8s %8s %10s\n' "idle ms" "p50 us" "p90 us" "p99 us" "p50 ratio" | tee "$OUT/idle.txt"
pin "$HOST_CPU" java -cp "$CP" org.aistudio.fixtures.load.IdleProbe --gaps 0,10,350 --samples 100 | tee -a "$OUT/results.jsonl" |
  python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    print("%-8d %8.1f %8.1f %8.1f %9.1fx" % (r["gap_ms"], r["p50_us"], r["p90_us"], r["p99_us"], r["p50_ratio"]))' | tee -a "$OUT/idle.txt"

# --- fakes --------------------------------------------------------------------------------------
# fast: 30 chunks 10 ms apart (~0.3 s an answer). The second port is started per phase: answers
# that start after a model's thinking time, then idle streams held open by the capacity steps.
fake "$FAST_PORT" fast --chunks 30 --delay-ms 10
fake "$SLOW_PORT" thinking --chunks 30 --delay-ms 10 --first-token-delay-ms "$FIRST_TOKEN_MS"
DIRECT_FAST=http://127.0.0.1:$FAST_PORT/v1/chat/completions
DIRECT_SLOW=http://127.0.0.1:$SLOW_PORT/v1/chat/completions

# --- host ---------------------------------------------------------------------------------------
log "starting the host on CPU $HOST_CPU with $HOST_JVM"
pinexec "$HOST_CPU" env AISTUDIO_DATA_DIR="$OUT/data" PORT=$HOST_PORT MANAGEMENT_PORT=$MGMT_PORT AISTUDIO_JWT_SECRET="$SECRET" \
  OPENAI_API_KEY=sk-bench OPENAI_BASE_URL=http://127.0.0.1:$FAST_PORT/v1 \
  OPENAI_COMPATIBLE_BASE_URL=http://127.0.0.1:$SLOW_PORT/v1 \
  AISTUDIO_RATE_LIMIT_PER_MINUTE=100000000 AISTUDIO_RATE_LIMIT_CONCURRENT=100000000 \
  AISTUDIO_LOG_FORMAT=text AISTUDIO_DB_POOL_SIZE=${BENCH_DB_POOL:-10} \
  "$HOST_JAVA" $HOST_JVM "-Xlog:gc:file=$OUT/gc.log:uptime" -jar "$JAR" > "$OUT/host.log" 2>&1 & HOST_PID=$!; PIDS+=($HOST_PID)
await_host "$HOST_PORT"
find_database
pin_database "$DB_CPU"
JDBC=jdbc:postgresql://localhost:$PGPORT/postgres
db() { java -cp "$CP" org.aistudio.fixtures.load.DbTool "$@"; }
db exec "$JDBC" "INSERT INTO ai_models (key, name, provider, provider_model_id) VALUES
  ('bench-fast', 'Bench fast', 'openai', 'gpt-bench'),
  ('bench-slow', 'Bench slow', 'openai-compatible', 'gpt-bench') ON CONFLICT (key) DO NOTHING"
sleep 3 # the catalogue cache's TTL
HOST_CHAT=http://127.0.0.1:$HOST_PORT/api/chat
HOST_OPENAI=http://127.0.0.1:$HOST_PORT/v1/chat/completions
AUTH=(--jwt-secret "$SECRET" --subject bench-user --users "${BENCH_USERS:-1000}") # streams of a thousand people, not one
ADMIN_TOKEN=$(db token "$SECRET" bench-operator admin)
heartbeat_delay_ms() { # the slowest batch of checkpoints and heartbeats of the last two minutes, from the host's meters
  { curl -sf -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$MGMT_PORT/prometheus" || true; } \
    | awk '/^aistudio_jobs_heartbeat_delay_seconds_max/ {printf "%.0f", $2 * 1000; found = 1} END {if (!found) print "?"}'
}
swept() { # running answers the stale-job sweeper has failed so far, from the host's log (awk: no match is no failure)
  awk 'match($0, /Failed [0-9]+ job\(s\) whose instance/) {split(substr($0, RSTART), w, " "); s += w[2]}
       END {print s + 0}' "$OUT/host.log"
}
host_cpu_ms() { # CPU time the host process has used, user + system, in ms
  awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$HOST_PID/stat"
}
cpu_busy() { # busy jiffies and all jiffies of CPUs $HOST_CPU and $LOAD_CPU
  awk -v a="cpu$HOST_CPU" -v b="cpu$LOAD_CPU" '$1 == a || $1 == b {printf "%d %d ", $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat
}
db_writes() { # db_writes FILE TITLE: rows and commits per job and per second of streaming, from "name before after jobs secs" lines
  python3 - "$1" "$2" <<'PY'
import sys
print("\n" + sys.argv[2] if sys.argv[2] else "")
print("%-8s %6s %12s %12s %14s %18s" % ("run", "jobs", "rows written", "commits", "writes per job", "writes/s per stream"))
for line in open(sys.argv[1]):
    f = line.split()
    name, b, a, jobs, secs = f[0], list(map(int, f[1:5])), list(map(int, f[5:9])), int(f[9]), float(f[10])
    rows = sum(a[i] - b[i] for i in range(3)); commits = a[3] - b[3]
    print("%-8s %6d %12d %12d %14.1f %18.2f" % (name, jobs, rows, commits, rows / max(jobs, 1), rows / max(secs, 1e-9)))
PY
}
settle_writes() { # waits (up to 30 s) until no row is written for a second: the last answers' writes have landed
  local prev cur
  prev=$(db counters "$JDBC" | cut -d' ' -f1-3)
  for _ in $(seq 30); do
    sleep 1; cur=$(db counters "$JDBC" | cut -d' ' -f1-3)
    [ "$cur" = "$prev" ] && return; prev=$cur
  done
}
listen_overflows() { # connections the kernel dropped because a listening socket's accept queue was full (all sockets)
  awk '/^TcpExt:/ {if (!h) {for (i = 1; i <= NF; i++) if ($i == "ListenOverflows") c = i; h = 1} else print (c ? $c : 0)}' \
    /proc/net/netstat 2>/dev/null || echo 0
}
heap_used_kb() { # live heap in KB: the class histogram's total, taken after a full GC (any collector)
  jcmd "$HOST_PID" GC.class_histogram | awk '/^Total/ {print int($3 / 1024)}'
}

# The JIT is still compiling after a few thousand answers (C2 took a third of the host's CPU after
# 15,000): measure a host that has served as many as a task does in its first minutes.
WARMUP=${BENCH_WARMUP:-12000}
log "warming up the host with $WARMUP answers"
driver --url "$HOST_CHAT" --model bench-fast --streams "$WARMUP" --concurrency 200 --timeout 600 "${AUTH[@]}" \
  --label warmup >/dev/null

if phase overhead; then
# --- added TTFT and throughput at 1, 100, 1000 concurrent streams ---------------------------------
# Each row: the driver straight to a fake, then through the host to the same fake. "1 thinking" is
# one stream against an upstream whose first token takes $FIRST_TOKEN_MS ms, as every real model's
# does (hundreds of ms): the job's commit overlaps it. The busy columns are the host's CPU and the
# CPU of the driver, fakes and database during the host run: whichever is at 100 % bounds the ratio.
# "db CPU" is the database's own share of one CPU in that time (part of "load CPU" when they share one).
printf '\n%-12s %10s %10s %10s %10s %12s %12s %10s %8s %12s %9s %9s %9s\n' concurrency "direct p50" "direct p99" "host p50" \
  "host p99" "added p50" "added p99" "host/direct" errors "CPU ms/answer" "host CPU" "load CPU" "db CPU" | tee "$OUT/overhead.txt"
# One-stream rows are paired: each answer through the host right after (or before) one straight to
# the fake, so that what else the machine does at that moment weighs on both; with 200 of each, the
# p99 is not just the slowest answer. Busy columns and database writes then include the floor's
# answers, which touch neither the host nor the database.
# Each run of the driver mints its users' tokens, and one stream takes its thousand users in turn,
# so every answer of a row brings a token the host has not verified yet. "1 returning" is the
# thinking row with 10 users, each back every few seconds with the token it came with, as a
# browser keeps its token for an hour: the host answers their tokens from memory.
# "1 among" is "1 returning" while other users' chats, $TRICKLE at a time against the fast fake,
# run through the same host (not counted), as in a task serving many people: the host's path is
# then in use between the measured answers. Its busy columns include those chats.
AUTH_RETURNING=(--jwt-secret "$SECRET" --subject bench-user --users 10)
TRICKLE=${BENCH_TRICKLE:-5}
for row in "1 200 fast" "100 600 fast" "1000 3000 fast" "1 200 thinking" "1 200 returning" "1 200 among"; do
  set -- $row; c=$1; total=$2; kind=$3; users=("${AUTH[@]}")
  if [ "$kind" = fast ]; then url=$DIRECT_FAST; model=bench-fast; name=$c; else url=$DIRECT_SLOW; model=bench-slow; name="$c $kind"; fi
  [ "$kind" = returning ] || [ "$kind" = among ] && users=("${AUTH_RETURNING[@]}")
  PAIRED=()
  # A row's driver is a fresh JVM: its warm-up, as many answers as it counts when several run at
  # once, lets its compiler finish before the counted answers, so that the compiler's work does
  # not weigh on both runs of the row alike and pull their ratio towards 100 %.
  warm=20; [ "$c" = 1 ] || warm=$total
  if [ "$c" = 1 ]; then
    PAIRED=(--baseline-url "$url" --baseline-model gpt-bench --baseline-label "direct-c$c-$kind")
  else
    d=$(driver --url "$url" --model gpt-bench --streams "$total" --concurrency "$c" --warmup "$warm" --label "direct-c$c-$kind")
  fi
  TRICKLE_PID=
  if [ "$kind" = among ]; then
    name="1 among $TRICKLE"
    pinexec "$LOAD_CPU" java -Xss512k -Xmx512m -cp "$CP" org.aistudio.fixtures.load.LoadDriver --url "$HOST_CHAT" \
      --model bench-fast --streams 50000 --concurrency "$TRICKLE" --timeout 600 --jwt-secret "$SECRET" \
      --subject bench-other --users 100 --label trickle > "$OUT/trickle.log" 2>&1 & TRICKLE_PID=$!; PIDS+=($TRICKLE_PID)
    sleep 5 # its users' first answers (new tokens) are behind it
    kill -0 "$TRICKLE_PID" 2>/dev/null || { log "the other chats did not start"; cat "$OUT/trickle.log"; exit 1; }
  fi
  # The driver warms up, then waits while its file exists: the counters cover the counted answers alone.
  rm -f "$OUT/warmed"
  driver --url "$HOST_CHAT" --model "$model" --streams "$total" --concurrency "$c" --warmup "$warm" --timeout 600 \
    --warmed-file "$OUT/warmed" "${users[@]}" --label "host-c$c-$kind" ${PAIRED[@]+"${PAIRED[@]}"} > "$OUT/row.out" &
  DRIVER_PID=$!
  await_file "$OUT/warmed" "$DRIVER_PID"
  # The rows of the answers before (the warm-up's last) are not this row's; other chats never settle.
  [ -n "$TRICKLE_PID" ] || settle_writes
  before=$(db counters "$JDBC"); cpu_before=$(host_cpu_ms); busy_before="$(cpu_busy) $(db_cpu_jiffies)"
  rm -f "$OUT/warmed"
  wait "$DRIVER_PID" || true
  h=$(cat "$OUT/row.out")
  if [ "$c" = 1 ]; then d=$(sed -n 1p <<<"$h"); h=$(sed -n 2p <<<"$h"); fi
  busy_after="$(cpu_busy) $(db_cpu_jiffies)"
  if [ -n "$TRICKLE_PID" ]; then kill "$TRICKLE_PID" 2>/dev/null || true; wait "$TRICKLE_PID" 2>/dev/null || true; fi
  sleep 1.5; after=$(db counters "$JDBC"); cpu=$(( $(host_cpu_ms) - cpu_before ))
  echo "$d" >> "$OUT/results.jsonl"; echo "$h" >> "$OUT/results.jsonl"
  [ "$kind" = fast ] && echo "c$c $before $after $(jget "$h" streams) $(jget "$h" streamSeconds)" >> "$OUT/dbwrites.txt"
  python3 - "$name" "$d" "$h" "$cpu" "$busy_before" "$busy_after" <<'PY' | tee -a "$OUT/overhead.txt"
import json, sys
c, d, h, cpu = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4])
b0, b1 = list(map(int, sys.argv[5].split())), list(map(int, sys.argv[6].split()))
busy = [100 * (b1[i] - b0[i]) / max(b1[i + 1] - b0[i + 1], 1) for i in (0, 2)]
busy.append(100 * (b1[-1] - b0[-1]) / max(b1[3] - b0[3], 1))  # the database's jiffies over one CPU's
print("%-12s %10.2f %10.2f %10.2f %10.2f %12.2f %12.2f %9.0f%% %8d %12.2f %8.0f%% %8.0f%% %8.0f%%" % (c, d["ttftMs"]["p50"],
      d["ttftMs"]["p99"], h["ttftMs"]["p50"], h["ttftMs"]["p99"], h["ttftMs"]["p50"] - d["ttftMs"]["p50"],
      h["ttftMs"]["p99"] - d["ttftMs"]["p99"], 100 * h["chunksPerSec"] / max(d["chunksPerSec"], 1e-9),
      d["errors"] + h["errors"], cpu / max(h["streams"], 1), busy[0], busy[1], busy[2]))
PY
done

# --- database writes per job and per second of streaming -----------------------------------------
db_writes "$OUT/dbwrites.txt" "" | tee "$OUT/dbwrites-summary.txt"
fi

if phase capacity; then
# --- capacity: idle streams held open, stepped up -----------------------------------------------
# Each step opens N streams through the host at $RAMP_RATE a second (h2c), each getting a chunk
# every $IDLE_GAP_MS ms. Once all are open: the heap after a full GC, then $PROBES pairs of answers
# one at a time, straight to the fast fake and through the host. A step passes when no stream failed, the
# N were still open when the probes ended, the floor was steady (its p99 under 100 ms: else the load
# CPU was saturated) and the probes' added TTFT p99 is under 10 ms. Steps go
# on while no stream fails, so a step held with no error is reported even when its TTFT is over.
# Before each step the ended jobs of the last one leave memory (kept a minute for resume).
printf '\n%-8s %7s %10s %11s %11s %10s %10s %10s %10s %9s %9s %6s\n' streams errors "ramp p99" "direct p50" "direct p99" \
  "host p50" "host p99" "added p50" "added p99" "heap MB" "KB/stream" pass | tee "$OUT/capacity.txt"
LAST_PASS=0; LAST_HELD=0
for n in $STEPS; do
  hold_s=$(( n / RAMP_RATE + PROBES + 30 ))
  chunks=$(( hold_s * 1000 / IDLE_GAP_MS + 1 ))
  # With BENCH_FAKE_SERVER=jdk, a thread for each held stream, started before the step: starting
  # them while connections come in would hold up the fake's accepts (see FakeServer).
  fake "$SLOW_PORT" idle --chunks "$chunks" --delay-ms "$IDLE_GAP_MS" --handler-threads $(( n + 100 ))
  log "step $n: waiting out the retention of ended jobs, then opening $n streams"
  sleep 61
  base_kb=$(heap_used_kb)
  rm -f "$OUT/ready"
  before=$(db counters "$JDBC"); overflows_before=$(listen_overflows); swept_before=$(swept)
  driver --url "$HOST_CHAT" --model bench-slow --streams "$n" --rate "$RAMP_RATE" --http 2 "${AUTH[@]}" \
    --timeout $(( n / RAMP_RATE + chunks * IDLE_GAP_MS / 1000 + 60 )) --ready-file "$OUT/ready" --label "host-n$n" \
    > "$OUT/host-n$n.json" &
  DRIVER=$!
  await_file "$OUT/ready" "$DRIVER"
  delay_ramp=$(heartbeat_delay_ms)
  held_kb=$(heap_used_kb)
  probes=$(driver --url "$HOST_CHAT" --model bench-fast --streams "$PROBES" --concurrency 1 --warmup "$PROBE_WARMUP" \
    --timeout 600 "${AUTH[@]}" --label "probe-host-n$n" --baseline-url "$DIRECT_FAST" --baseline-model gpt-bench \
    --baseline-label "probe-direct-n$n")
  pd=$(sed -n 1p <<<"$probes"); ph=$(sed -n 2p <<<"$probes")
  kill -0 $DRIVER 2>/dev/null && held=1 || held=0
  wait $DRIVER || true
  sleep 1.5; after=$(db counters "$JDBC")
  h=$(cat "$OUT/host-n$n.json")
  printf '%s\n%s\n%s\n' "$h" "$pd" "$ph" >> "$OUT/results.jsonl"
  echo "n$n $before $after $(( $(jget "$h" streams) + $(jget "$ph" streams) + PROBE_WARMUP )) $(python3 -c "import json,sys; \
print(json.loads(sys.argv[1])['streamSeconds'] + json.loads(sys.argv[2])['streamSeconds'])" "$h" "$ph")" >> "$OUT/dbwrites-idle.txt"
  pass=$(python3 - "$n" "$h" "$pd" "$ph" "$base_kb" "$held_kb" "$held" <<'PY' | tee -a "$OUT/capacity.txt"
import json, sys
n, h, d, p = int(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4])
base, held_kb, held = int(sys.argv[5]), int(sys.argv[6]), sys.argv[7] == "1"
errors = h["errors"] + d["errors"] + p["errors"]
added = [p["ttftMs"][q] - d["ttftMs"][q] for q in ("p50", "p99")]
# A floor whose p99 is over 100 ms means the load CPU itself was saturated: the difference says nothing.
steady = d["ttftMs"]["p99"] < 100
ok = errors == 0 and held and h["ttftMs"]["count"] == n and steady and added[1] < 10
print("%-8d %7d %10.1f %11.2f %11.2f %10.2f %10.2f %10.2f %10.2f %9.1f %9.1f %6s" % (n, errors, h["ttftMs"]["p99"],
      d["ttftMs"]["p50"], d["ttftMs"]["p99"], p["ttftMs"]["p50"], p["ttftMs"]["p99"], added[0], added[1],
      held_kb / 1024, (held_kb - base) / n, ("yes" if ok else "no") + ("" if held else " (ended early)")
      + ("" if steady else " (floor unsteady)")))
PY
)
  echo "$pass"
  echo "step $n: $(( $(listen_overflows) - overflows_before )) connections dropped by full accept queues (TcpExt ListenOverflows)" \
    | tee -a "$OUT/capacity-notes.txt" >&2
  echo "step $n: $(( $(swept) - swept_before )) answers failed by the stale-job sweeper; slowest batch of heartbeats" \
    "$delay_ramp ms by the end of the ramp, $(heartbeat_delay_ms) ms in the two minutes to the end of the step" \
    | tee -a "$OUT/capacity-notes.txt" >&2
  case "$pass" in *yes) LAST_PASS=$n ;; esac
  case "$pass" in *"ended early"*) break ;; esac
  [ "$(echo "$pass" | awk '{print $2}')" = 0 ] && LAST_HELD=$n || break
done
echo "largest step held with zero errors and probes' added TTFT p99 < 10 ms: $LAST_PASS streams" | tee -a "$OUT/capacity.txt"
echo "largest step held with zero errors: $LAST_HELD streams" | tee -a "$OUT/capacity.txt"
db_writes "$OUT/dbwrites-idle.txt" "held streams (a chunk every $IDLE_GAP_MS ms) and their probes:" \
  | tee -a "$OUT/dbwrites-summary.txt"
fi

if phase h2load; then
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
fi

echo
echo "machine: $(nproc) CPUs, $(free -m | awk '/Mem:/{print $2}') MB, $(java -version 2>&1 | head -1)"
echo "host: CPU $HOST_CPU, $("$HOST_JAVA" -version 2>&1 | head -1), $HOST_JVM; database: CPU $DB_CPU; driver and fakes: CPU $LOAD_CPU; outputs in $OUT"
