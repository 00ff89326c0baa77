#!/usr/bin/env bash
# Private PostgreSQL 15 cluster + Elasticsearch 8.19.8 single node for tests
# and local development.  All state lives under $REPO/.cache/ (REPO = parent
# of this script's folder), so a fresh clone in any folder works on its own.
#
#   scripts/services.sh start   start what is not running, wait until both are
#                               ready, print DATABASE_URL=... and
#                               ELASTICSEARCH_URL=... on stdout (progress on
#                               stderr); non-zero exit + log tail on failure
#   scripts/services.sh stop    stop both (idempotent, fast; fine in a trap)
#   scripts/services.sh env     print the two lines, start nothing
#   scripts/services.sh status  say what is running (exit 0 only if both are)
#   scripts/services.sh stop-es / start-es
#                               stop or (re)start only Elasticsearch, e.g. to
#                               watch search fall back and the index converge
#   scripts/services.sh start-redis / stop-redis
#                               start or stop only Redis (the shared cache)
#   scripts/services.sh stop-pg / start-pg
#                               stop or (re)start only PostgreSQL (the task
#                               worker's outage test); stop-pg refuses unless
#                               this checkout's cluster listens on CF_PG_PORT
#
# Environment:
#   CF_PG_PORT   PostgreSQL port (default 54329), listens on 127.0.0.1 only
#   CF_ES_PORT   Elasticsearch HTTP port (default 9250); transport = +100
#   CF_SVC_USER  unprivileged user the servers run as when we are root
#                (default chuangfu-svc; created with useradd if missing)
#   CF_ES_JAVA_HOME  JDK for Elasticsearch (default: the system `java`'s JDK)
#   CF_ES_START_TIMEOUT  seconds to wait for Elasticsearch (default 120)
#   CF_REDIS_PORT  Redis port (default 6380), 127.0.0.1 only, memory only (no
#                  snapshot): the shared cache; `start` prints REDIS_URL too
#
# Layout under .cache/:
#   downloads/elasticsearch-8.19.8.zip   the Maven artifact (fetched once)
#   pg/data  pg/run (unix socket)  pg/postgresql.log
#   es/elasticsearch-8.19.8 (unzipped once)  es/config  es/data  es/logs
#   es/tmp  es/es.pid  es/port
set -euo pipefail
umask 022

SCRIPT_DIR=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(dirname -- "$SCRIPT_DIR")
CACHE="$REPO/.cache"

PG_PORT=${CF_PG_PORT:-54329}
ES_PORT=${CF_ES_PORT:-9250}
SVC_USER=${CF_SVC_USER:-chuangfu-svc}
ES_START_TIMEOUT=${CF_ES_START_TIMEOUT:-120}
REDIS_PORT=${CF_REDIS_PORT:-6380}

for _p in "$PG_PORT" "$ES_PORT"; do
    if ! [[ $_p =~ ^[0-9]+$ ]] || (( _p < 1 || _p > 65435 )); then
        echo "services.sh: invalid port '$_p' (CF_PG_PORT / CF_ES_PORT)" >&2
        exit 2
    fi
done
ES_TRANSPORT_PORT=$((ES_PORT + 100))

DB_NAME=chuangfu
DB_USER=chuangfu
DB_PASS=chuangfu-dev-password   # fixed dev/test password, loopback only

PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR="$CACHE/pg"
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgresql.log"
PG_LOG_OFF=0
PG_SOCK_DIR="$PG_DIR/run"

ES_VERSION=8.19.8
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"
DL_DIR="$CACHE/downloads"
ES_ZIP="$DL_DIR/elasticsearch-${ES_VERSION}.zip"
ES_DIR="$CACHE/es"
ES_HOME="$ES_DIR/elasticsearch-${ES_VERSION}"
ES_CONF="$ES_DIR/config"
ES_DATA="$ES_DIR/data"
ES_LOGS="$ES_DIR/logs"
ES_TMP="$ES_DIR/tmp"
ES_PIDFILE="$ES_DIR/es.pid"
ES_PORTFILE="$ES_DIR/port"
ES_CLUSTER=chuangfu-test
ES_LOG="$ES_LOGS/$ES_CLUSTER.log"
ES_STARTUP_LOG="$ES_LOGS/startup.log"
ES_LOG_OFF=0

DATABASE_URL="postgres://${DB_USER}:${DB_PASS}@127.0.0.1:${PG_PORT}/${DB_NAME}"
ELASTICSEARCH_URL="http://127.0.0.1:${ES_PORT}"
REDIS_URL="redis://127.0.0.1:${REDIS_PORT}/0"
REDIS_DIR="$CACHE/redis"

log() { printf 'services.sh: %s\n' "$*" >&2; }
now() { printf '%s' "${EPOCHREALTIME/[,.]/}"; }          # microseconds
since() { local d=$(( $(now) - $1 )); printf '%d.%01d' $((d / 1000000)) $((d % 1000000 / 100000)); }
die() { log "ERROR: $*"; exit 1; }

is_root() { [[ $(id -u) -eq 0 ]]; }

# Run a command as the service user (or as ourselves when not root).
as_svc() {
    # 9>&-: never pass the lock file descriptor on to (daemonised) servers.
    if is_root; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u "$SVC_USER" -- "$@" 9>&-
        else
            setpriv --reuid="$SVC_USER" --regid="$SVC_USER" --init-groups -- "$@" 9>&-
        fi
    else
        "$@" 9>&-
    fi
}

# Print the last lines of one or more log files to stderr.  A "FILE@N"
# argument shows only what was appended after byte offset N (this start).
tail_logs() {
    local arg f off out
    for arg in "$@"; do
        f=$arg off=0
        if [[ $arg =~ ^(.*)@([0-9]+)$ ]]; then
            f=${BASH_REMATCH[1]} off=${BASH_REMATCH[2]}
        fi
        [[ -s $f ]] || continue
        out=$(tail -c +"$((off + 1))" -- "$f" 2>/dev/null | tail -n 40) || true
        [[ -n $out ]] || continue
        printf -- '----- last 40 lines of %s -----\n%s\n----- end of %s -----\n' "$f" "$out" "$f" >&2
    done
}

# True while process $1 exists and is not a zombie.
alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ ${stat:0:1} != Z ]]
}

file_size() { stat -c %s -- "$1" 2>/dev/null || echo 0; }

# True when something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

print_env() {
    printf 'DATABASE_URL=%s\n' "$DATABASE_URL"
    printf 'ELASTICSEARCH_URL=%s\n' "$ELASTICSEARCH_URL"
    printf 'REDIS_URL=%s\n' "$REDIS_URL"
}

# Serialise start/stop of the same checkout (parallel make targets, a trap
# firing while another start is running ...).
take_lock() {
    mkdir -p -- "$CACHE"
    exec 9>"$CACHE/.services.lock"
    if command -v flock >/dev/null 2>&1; then
        flock -w 300 9 || die "could not lock $CACHE/.services.lock within 300 s"
    fi
}

# --------------------------------------------------------------------------
# Preparation (start only)
# --------------------------------------------------------------------------

ensure_svc_user() {
    is_root || return 0
    if ! id -u "$SVC_USER" >/dev/null 2>&1; then
        log "creating system user $SVC_USER"
        local nologin=/usr/sbin/nologin
        [[ -x $nologin ]] || nologin=/bin/false
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell "$nologin" "$SVC_USER" 2>/dev/null \
            || id -u "$SVC_USER" >/dev/null 2>&1 \
            || die "useradd $SVC_USER failed"
    fi
}

# mkdir + hand the folder (recursively, only when needed) to the service user.
own_dir() {
    local d=$1
    mkdir -p -- "$d"
    if is_root && [[ -n $(find "$d" ! -user "$SVC_USER" -print -quit 2>/dev/null) ]]; then
        chown -R "$SVC_USER:$SVC_USER" -- "$d"
    fi
}

prepare_cache() {
    mkdir -p -- "$CACHE" "$DL_DIR"
    # .cache itself stays with the invoking user; it only has to be traversable.
    [[ -O $CACHE ]] && chmod u+rwx,go+rx -- "$CACHE"
    own_dir "$PG_DIR"
    own_dir "$ES_DIR"
    if is_root && ! as_svc test -w "$PG_DIR" -a -w "$ES_DIR"; then
        die "user $SVC_USER cannot reach $CACHE: every folder above it must be traversable (o+x), e.g. chmod o+x on the parents of $REPO"
    fi
}

pg_install_if_missing() {
    [[ -x $PG_BIN/postgres && -x $PG_BIN/pg_ctl ]] && return 0
    if is_root && command -v apt-get >/dev/null 2>&1; then
        log "PostgreSQL 15 binaries missing; installing postgresql-15 with apt-get"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-client-15) >&2 \
            || die "apt-get install postgresql-15 failed"
    fi
    [[ -x $PG_BIN/postgres ]] || die "PostgreSQL 15 not found at $PG_BIN"
}

# ----------------------------------------------------------------------------
# PostgreSQL
# ----------------------------------------------------------------------------

pg_running() {
    [[ -f $PG_DATA/postmaster.pid ]] || return 1
    [[ -x $PG_BIN/pg_ctl ]] || return 1
    as_svc "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

pg_running_port() {
    sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null || true
}

# Quote a string for postgresql.conf ('...' with '' for ').
pg_quote() { printf "'%s'" "${1//\'/\'\'}"; }

pg_init() {
    [[ -f $PG_DATA/PG_VERSION ]] && return 0
    log "initdb $PG_DATA"
    rm -rf -- "$PG_DATA" "$PG_DATA.tmp"
    as_svc mkdir -m 700 -- "$PG_DATA.tmp"
    if ! as_svc "$PG_BIN/initdb" -D "$PG_DATA.tmp" -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1; then
        tail_logs "$PG_DIR/initdb.log"
        die "initdb failed"
    fi
    # Settings that may change between runs (port, socket dir) are rewritten
    # into chuangfu.conf on every start; postgresql.conf just includes it.
    printf "\n# chuangfu: managed by scripts/services.sh\ninclude_if_exists 'chuangfu.conf'\n" \
        | as_svc tee -a "$PG_DATA.tmp/postgresql.conf" >/dev/null
    cat <<'EOF' | as_svc tee "$PG_DATA.tmp/pg_hba.conf" >/dev/null
# chuangfu: managed by scripts/services.sh
# Unix socket (inside .cache/pg/run, private to the service user): trust.
local   all   all                      trust
# TCP on loopback only: password.
host    all   all   127.0.0.1/32       scram-sha-256
host    all   all   ::1/128            scram-sha-256
EOF
    as_svc mv -- "$PG_DATA.tmp" "$PG_DATA"
}

pg_write_conf() {
    local sock=$PG_SOCK_DIR
    # Unix socket paths are limited to ~107 bytes; fall back to /tmp for very
    # deep checkouts.
    if (( ${#sock} + 20 > 100 )); then
        sock="/tmp/chuangfu-pg-$(printf '%s' "$CACHE" | cksum | cut -d' ' -f1)"
    fi
    as_svc mkdir -p -m 700 -- "$sock"
    PG_SOCK_DIR=$sock
    cat <<EOF | as_svc tee "$PG_DATA/chuangfu.conf" >/dev/null
# chuangfu: written by scripts/services.sh on every start; do not edit.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = $(pg_quote "$sock")
max_connections = 300
shared_buffers = 128MB
# Test/dev tuning: durability is not needed.
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 1GB
checkpoint_timeout = 30min
log_min_duration_statement = -1
log_line_prefix = '%m [%p] %q%u@%d '
EOF
}

pg_start() {
    if pg_running; then
        local running_port
        running_port=$(pg_running_port)
        if [[ $running_port == "$PG_PORT" ]]; then
            log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
            pg_wait_ready
            return 0
        fi
        log "PostgreSQL is running on port $running_port, restarting on $PG_PORT"
        pg_stop
    fi
    pg_install_if_missing
    pg_init
    pg_write_conf
    if port_in_use "$PG_PORT"; then
        die "port 127.0.0.1:$PG_PORT is already used by another program (set CF_PG_PORT)"
    fi
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT (log: $PG_LOG)"
    PG_LOG_OFF=$(file_size "$PG_LOG")
    local t0
    t0=$(now)
    if ! as_svc "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t 60 >/dev/null 2>"$PG_DIR/pg_ctl.err"; then
        cat "$PG_DIR/pg_ctl.err" >&2 || true
        tail_logs "$PG_LOG@$PG_LOG_OFF"
        die "PostgreSQL failed to start"
    fi
    pg_wait_ready
    log "PostgreSQL ready in $(since "$t0") s"
}

pg_wait_ready() {
    local i
    for ((i = 0; i < 300; i++)); do
        if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2 2>/dev/null; then
            pg_bootstrap
            return 0
        fi
        sleep 0.1
    done
    tail_logs "$PG_LOG@$PG_LOG_OFF"
    die "PostgreSQL did not become ready on 127.0.0.1:$PG_PORT"
}

# Create role + database (idempotent).  Over the private unix socket as the
# bootstrap superuser "postgres".
pg_bootstrap() {
    local sock
    sock=$(sed -n 5p "$PG_DATA/postmaster.pid" 2>/dev/null)
    [[ -n $sock ]] || sock=$PG_SOCK_DIR
    local psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$PG_PORT" -U postgres -d postgres)
    local out
    if ! out=$(as_svc "${psql[@]}" 2>&1 <<EOF
SET client_min_messages = warning;
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE "$DB_USER" LOGIN CREATEDB PASSWORD '$DB_PASS';
  ELSE
    ALTER ROLE "$DB_USER" LOGIN CREATEDB PASSWORD '$DB_PASS';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE "$DB_NAME" OWNER "$DB_USER"'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME') \gexec
EOF
    ); then
        printf '%s\n' "$out" >&2
        tail_logs "$PG_LOG@$PG_LOG_OFF"
        die "could not create role/database $DB_NAME"
    fi
}

pg_stop() {
    pg_running || return 0
    log "stopping PostgreSQL"
    if ! as_svc "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 30 >/dev/null 2>&1; then
        log "fast shutdown timed out, using immediate"
        as_svc "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m immediate -w -t 30 >/dev/null 2>&1 || true
    fi
}

# ----------------------------------------------------------------------------
# Elasticsearch
# ----------------------------------------------------------------------------

# PID of our Elasticsearch server (from the pid file, or found by its unique
# -Des.path.home=<our .cache/es/elasticsearch-X> when the pid file is
# missing); empty if none.
es_pid() {
    local pid
    if [[ -s $ES_PIDFILE ]]; then
        pid=$(tr -dc '0-9' <"$ES_PIDFILE")
        if [[ -n $pid ]] && es_pid_is_ours "$pid"; then
            echo "$pid"
            return 0
        fi
    fi
    local d
    for d in /proc/[0-9]*; do
        pid=${d#/proc/}
        if es_pid_is_ours "$pid"; then
            echo "$pid"
            return 0
        fi
    done
    return 0
}

es_pid_is_ours() {
    local args=() a main=0 conf=0
    { mapfile -d '' -t args <"/proc/$1/cmdline"; } 2>/dev/null || return 1
    for a in "${args[@]}"; do
        [[ $a == *org.elasticsearch.bootstrap.Elasticsearch ]] && main=1
        [[ $a == "-Des.path.home=$ES_HOME" ]] && conf=1
    done
    (( main && conf ))
}

es_health() {
    # No "GET /" in the integ-test distribution: use cluster health.
    curl -fsS --max-time "${2:-5}" \
        "$ELASTICSEARCH_URL/_cluster/health?wait_for_status=yellow&timeout=${1:-1s}" 2>/dev/null
}

es_java_home() {
    if [[ -n ${CF_ES_JAVA_HOME:-} ]]; then
        echo "$CF_ES_JAVA_HOME"
        return
    fi
    local java
    java=$(command -v java) || die "java not found on PATH (Elasticsearch needs a JDK 17+)"
    java=$(readlink -f -- "$java")
    dirname -- "$(dirname -- "$java")"
}

es_fetch() {
    [[ -x $ES_HOME/bin/elasticsearch ]] && return 0
    if [[ ! -s $ES_ZIP ]]; then
        command -v mvn >/dev/null 2>&1 || die "mvn not found: needed to fetch $ES_ARTIFACT"
        log "fetching $ES_ARTIFACT with Maven"
        mkdir -p -- "$DL_DIR/.mvn-tmp"
        # Run outside any Maven project; Maven's output goes to mvn.log.
        if ! (cd -- "$DL_DIR/.mvn-tmp" && mvn -B -q -Dstyle.color=never dependency:copy \
                -Dartifact="$ES_ARTIFACT" -DoutputDirectory="$DL_DIR/.mvn-tmp") \
                >"$DL_DIR/mvn.log" 2>&1 </dev/null 9>&-; then
            tail_logs "$DL_DIR/mvn.log"
            die "mvn dependency:copy $ES_ARTIFACT failed"
        fi
        mv -f -- "$DL_DIR/.mvn-tmp/elasticsearch-${ES_VERSION}.zip" "$ES_ZIP"
        rm -rf -- "$DL_DIR/.mvn-tmp"
    fi
    command -v unzip >/dev/null 2>&1 || die "unzip not found"
    log "unzipping $ES_ZIP"
    local tmp="$ES_DIR/.unzip-tmp"
    rm -rf -- "$tmp"
    mkdir -p -- "$tmp"
    unzip -q -- "$ES_ZIP" -d "$tmp" || { rm -rf -- "$tmp"; die "unzip $ES_ZIP failed"; }
    [[ -x $tmp/elasticsearch-${ES_VERSION}/bin/elasticsearch ]] || die "unexpected layout in $ES_ZIP"
    rm -rf -- "$ES_HOME"
    mv -- "$tmp/elasticsearch-${ES_VERSION}" "$ES_HOME"
    rmdir -- "$tmp"
    is_root && chown -R "$SVC_USER:$SVC_USER" -- "$ES_HOME"
    return 0
}

es_write_config() {
    as_svc mkdir -p -- "$ES_CONF/jvm.options.d" "$ES_DATA" "$ES_LOGS" "$ES_TMP"
    # ES is not running here: clear its temp dir (the launcher leaves
    # final-flags* folders behind on every start).
    as_svc find "$ES_TMP" -mindepth 1 -delete 2>/dev/null || true
    local f
    for f in jvm.options log4j2.properties; do
        as_svc cp -f -- "$ES_HOME/config/$f" "$ES_CONF/$f"
    done
    # This distribution's jvm.options writes gc.log / hs_err files relative to
    # the working directory (we cd to logs/); GC logging is switched off and
    # crash files go to logs/.
    cat <<EOF | as_svc tee "$ES_CONF/jvm.options.d/chuangfu.options" >/dev/null
-XX:ErrorFile=$ES_LOGS/hs_err_pid%p.log
-Xlog:disable
-Xlog:all=warning:stderr:utctime,level,tags
EOF
    # NOTE on xpack.security.enabled: the integ-test zip ships only the
    # modules apm, transport-netty4, x-pack-core and x-pack-security, so the
    # setting exists and is set to false (plain HTTP, no auth, and no
    # security auto-configuration on first start).
    # vm.max_map_count (65530 here) is not a blocker: with single-node
    # discovery bound to loopback the bootstrap checks only warn.
    # The integ-test zip has no analysis-common, painless, reindex,
    # mapper-extras ... modules: only the "standard" tokenizer, the filters
    # lowercase/stop/shingle, and no "GET /" endpoint (use _cluster/health).
    cat <<EOF | as_svc tee "$ES_CONF/elasticsearch.yml" >/dev/null
# chuangfu: written by scripts/services.sh on every start; do not edit.
cluster.name: $ES_CLUSTER
node.name: chuangfu-node-1
discovery.type: single-node
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $ES_TRANSPORT_PORT
path.data: "$ES_DATA"
path.logs: "$ES_LOGS"
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
xpack.security.enabled: false
EOF
}

es_start() {
    local pid
    pid=$(es_pid)
    if [[ -n $pid ]]; then
        local running_port
        running_port=$(cat "$ES_PORTFILE" 2>/dev/null || true)
        if [[ $running_port == "$ES_PORT" ]]; then
            log "Elasticsearch already running (pid $pid) on 127.0.0.1:$ES_PORT"
            es_wait_ready "$pid"
            return 0
        fi
        log "Elasticsearch is running on port ${running_port:-?}, restarting on $ES_PORT"
        es_stop
    fi
    es_fetch
    es_write_config
    local p
    for p in "$ES_PORT" "$ES_TRANSPORT_PORT"; do
        if port_in_use "$p"; then
            die "port 127.0.0.1:$p is already used by another program (set CF_ES_PORT)"
        fi
    done
    local java_home
    java_home=$(es_java_home)
    [[ -x $java_home/bin/java ]] || die "no java at $java_home/bin/java"
    log "starting Elasticsearch $ES_VERSION on 127.0.0.1:$ES_PORT (log: $ES_LOG)"
    local t0 t0s=$SECONDS
    t0=$(now)
    rm -f -- "$ES_PIDFILE"
    ES_LOG_OFF=$(file_size "$ES_LOG")
    echo "$ES_PORT" >"$ES_PORTFILE"
    : >"$ES_STARTUP_LOG"
    is_root && chown "$SVC_USER:$SVC_USER" -- "$ES_STARTUP_LOG" "$ES_PORTFILE"
    # -d: the launcher returns once the node has started (or failed); the
    # server keeps running detached, its pid in es.pid.  CLI_JAVA_OPTS keeps
    # the launcher's temp files (final-flags*) out of /tmp; -UsePerfData
    # avoids /tmp/hsperfdata_*.
    local rc=0 drop=()
    if is_root; then
        drop=(runuser -u "$SVC_USER" --)
        command -v runuser >/dev/null 2>&1 \
            || drop=(setpriv --reuid="$SVC_USER" --regid="$SVC_USER" --init-groups --)
    fi
    (
        cd -- "$ES_LOGS"
        exec timeout --kill-after=10 "$ES_START_TIMEOUT" "${drop[@]}" env -u JAVA_HOME \
            HOME="$ES_DIR" ES_JAVA_HOME="$java_home" ES_PATH_CONF="$ES_CONF" \
            ES_TMPDIR="$ES_TMP" ES_JAVA_OPTS="-Xms512m -Xmx512m -XX:-UsePerfData" \
            CLI_JAVA_OPTS="-Djava.io.tmpdir=$ES_TMP -XX:-UsePerfData" \
            "$ES_HOME/bin/elasticsearch" -d -p "$ES_PIDFILE"
    ) >>"$ES_STARTUP_LOG" 2>&1 </dev/null 9>&- || rc=$?
    if (( rc != 0 )); then
        tail_logs "$ES_STARTUP_LOG" "$ES_LOG@$ES_LOG_OFF"
        es_stop >/dev/null 2>&1 || true
        die "Elasticsearch failed to start (launcher exit $rc)"
    fi
    pid=$(es_pid)
    [[ -n $pid ]] || { tail_logs "$ES_STARTUP_LOG" "$ES_LOG@$ES_LOG_OFF"; die "Elasticsearch exited right after starting"; }
    es_wait_ready "$pid" $((ES_START_TIMEOUT - (SECONDS - t0s)))
    log "Elasticsearch ready in $(since "$t0") s"
}

es_wait_ready() {
    local pid=$1 budget=${2:-$ES_START_TIMEOUT}
    (( budget < 10 )) && budget=10
    local deadline=$((SECONDS + budget))
    while (( SECONDS < deadline )); do
        if es_health 2s 5 | grep -q '"status":"\(yellow\|green\)"'; then
            return 0
        fi
        if ! alive "$pid"; then
            tail_logs "$ES_STARTUP_LOG" "$ES_LOG@$ES_LOG_OFF"
            die "Elasticsearch (pid $pid) died while starting"
        fi
        sleep 0.5
    done
    tail_logs "$ES_STARTUP_LOG" "$ES_LOG@$ES_LOG_OFF"
    die "Elasticsearch not healthy on $ELASTICSEARCH_URL after ${budget} s"
}

es_stop() {
    local pid
    pid=$(es_pid)
    if [[ -z $pid ]]; then
        rm -f -- "$ES_PIDFILE"
        return 0
    fi
    log "stopping Elasticsearch (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 300; i++)); do   # up to 30 s
        alive "$pid" || break
        sleep 0.1
    done
    if alive "$pid"; then
        log "Elasticsearch did not stop in 30 s, killing it"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
    fi
    rm -f -- "$ES_PIDFILE"
}

# ----------------------------------------------------------------------------
# Redis (the shared cache: page chrome version, rate limits, renditions, pages)
# ----------------------------------------------------------------------------

redis_ping() {
    [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]
}

redis_start() {
    if ! command -v redis-server >/dev/null 2>&1 && is_root && command -v apt-get >/dev/null 2>&1; then
        log "redis-server missing; installing redis-server with apt-get"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >&2 \
            || die "apt-get install redis-server failed"
    fi
    command -v redis-server >/dev/null 2>&1 || die "redis-server not found (apt-get install redis-server)"
    if [[ -s $REDIS_DIR/redis.pid ]] && alive "$(cat "$REDIS_DIR/redis.pid")" && redis_ping; then
        log "Redis already running on 127.0.0.1:$REDIS_PORT"
        return 0
    fi
    port_in_use "$REDIS_PORT" && die "port 127.0.0.1:$REDIS_PORT is already used by another program (set CF_REDIS_PORT)"
    own_dir "$REDIS_DIR"
    log "starting Redis on 127.0.0.1:$REDIS_PORT"
    as_svc redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
        --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
        --maxmemory 256mb --maxmemory-policy volatile-lru >/dev/null </dev/null \
        || { tail_logs "$REDIS_DIR/redis.log"; die "Redis failed to start"; }
    local i
    for ((i = 0; i < 100; i++)); do
        redis_ping && return 0
        sleep 0.1
    done
    tail_logs "$REDIS_DIR/redis.log"
    die "Redis did not answer on 127.0.0.1:$REDIS_PORT"
}

redis_stop() {
    local pid
    pid=$(cat "$REDIS_DIR/redis.pid" 2>/dev/null || true)
    [[ -n $pid ]] && alive "$pid" || return 0
    log "stopping Redis (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 100; i++)); do
        alive "$pid" || break
        sleep 0.1
    done
    rm -f -- "$REDIS_DIR/redis.pid"
}

# ----------------------------------------------------------------------------
# Commands
# ----------------------------------------------------------------------------

cmd_start() {
    take_lock
    ensure_svc_user
    prepare_cache
    pg_start
    es_start
    redis_start
    print_env
}

cmd_stop() {
    [[ -d $CACHE ]] || return 0
    take_lock
    # Stop both in parallel: this runs from test-run traps and should be quick.
    local rc=0
    pg_stop & local pg_job=$!
    es_stop & local es_job=$!
    redis_stop & local redis_job=$!
    wait "$pg_job" || rc=1
    wait "$es_job" || rc=1
    wait "$redis_job" || rc=1
    return "$rc"
}

cmd_status() {
    local ok=0
    if pg_running; then
        local port
        port=$(pg_running_port)
        if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2 2>/dev/null; then
            echo "postgresql: running (pid $(sed -n 1p "$PG_DATA/postmaster.pid"), 127.0.0.1:$port, data $PG_DATA)"
        else
            echo "postgresql: running but not accepting connections (127.0.0.1:$port)"
            ok=1
        fi
    else
        echo "postgresql: stopped"
        ok=1
    fi
    local pid
    pid=$(es_pid)
    if [[ -n $pid ]]; then
        local port health
        port=$(cat "$ES_PORTFILE" 2>/dev/null || echo "$ES_PORT")
        health=$(ELASTICSEARCH_URL="http://127.0.0.1:$port" es_health 1s 3 \
            | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p')
        echo "elasticsearch: running (pid $pid, http://127.0.0.1:$port, health ${health:-unreachable})"
        [[ -n $health ]] || ok=1
    else
        echo "elasticsearch: stopped"
        ok=1
    fi
    if redis_ping; then
        echo "redis: running (127.0.0.1:$REDIS_PORT)"
    else
        echo "redis: stopped"
        ok=1
    fi
    return "$ok"
}

cmd_stop_es() {
    [[ -d $CACHE ]] || return 0
    take_lock
    es_stop
}

cmd_start_es() {
    take_lock
    ensure_svc_user
    prepare_cache
    es_start
    print_env
}

# Only this checkout's cluster, and only when it is the one on $PG_PORT: a test that stops "its" database
# must never stop one that other people use.
cmd_stop_pg() {
    [[ -d $CACHE ]] || die "no services in $CACHE"
    take_lock
    pg_running || die "this checkout's PostgreSQL ($PG_DATA) is not running"
    local running_port
    running_port=$(pg_running_port)
    [[ $running_port == "$PG_PORT" ]] \
        || die "this checkout's PostgreSQL listens on ${running_port:-?}, not $PG_PORT (CF_PG_PORT): not stopping it"
    pg_stop
}

cmd_start_redis() {
    take_lock
    ensure_svc_user
    prepare_cache
    redis_start
    print_env
}

cmd_stop_redis() {
    [[ -d $CACHE ]] || return 0
    take_lock
    redis_stop
}

cmd_start_pg() {
    take_lock
    ensure_svc_user
    prepare_cache
    pg_start
    print_env
}

usage() {
    echo "usage: $0 {start|stop|env|status|stop-es|start-es|stop-pg|start-pg|start-redis|stop-redis}" >&2
    exit 2
}

case ${1:-} in
    start) cmd_start ;;
    stop) cmd_stop ;;
    env) print_env ;;
    status) cmd_status || exit 3 ;;
    stop-es) cmd_stop_es ;;
    start-es) cmd_start_es ;;
    stop-pg) cmd_stop_pg ;;
    start-pg) cmd_start_pg ;;
    start-redis) cmd_start_redis ;;
    stop-redis) cmd_stop_redis ;;
    *) usage ;;
esac
