#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and NATS (with JetStream) answer at the configured URLs.
# A server on this machine that is installed but not running is started; one that is missing is
# named with the one command that installs it. Servers elsewhere are only checked. Idempotent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# host and port of a URL (defaults for the scheme), e.g. postgres://u@127.0.0.1:5432/db
host_of() { local rest=${1#*://}; rest=${rest#*@}; rest=${rest%%/*}; echo "${rest%%:*}"; }
port_of() { local rest=${1#*://}; rest=${rest#*@}; rest=${rest%%/*}; [[ $rest == *:* ]] && echo "${rest##*:}" || echo "$2"; }
is_local() { [[ $1 == 127.0.0.1 || $1 == localhost || $1 == ::1 ]]; }
answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
wait_for() { # name host port
  for _ in $(seq 1 60); do answers "$2" "$3" && return 0; sleep 0.5; done
  echo "$1 did not start listening on $2:$3 within 30 s" >&2; return 1
}

ensure() { # name url default-port start-function install-hint
  local name=$1 url=${2%%,*} host port # of a comma-separated cluster (NATS_URL), the first server
  host=$(host_of "$url"); port=$(port_of "$url" "$3")
  answers "$host" "$port" && return 0
  if ! is_local "$host"; then echo "$name is not reachable at $host:$port (set by its URL); start it there." >&2; return 1; fi
  if ! "$4" "$port"; then echo "$name does not answer on $host:$port and could not be started here; to install it: $5" >&2; return 1; fi
  wait_for "$name" "$host" "$port"
  echo "started $name on $host:$port"
}

start_postgres() {
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    local version; version=$(ls /etc/postgresql | sort -V | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || return 1
  else
    return 1
  fi
}

start_redis() {
  command -v redis-server >/dev/null || return 1
  mkdir -p "$root/.data/redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$1" --save "" --appendonly no \
    --dir "$root/.data/redis" --logfile "$root/.data/redis/redis.log" >/dev/null
}

start_nats() {
  local bin
  bin=$(command -v nats-server || true); [ -z "$bin" ] && [ -x /usr/sbin/nats-server ] && bin=/usr/sbin/nats-server
  [ -n "$bin" ] || return 1
  mkdir -p "$root/.data/nats"
  if command -v start-stop-daemon >/dev/null; then
    start-stop-daemon --start --oknodo --background --exec "$bin" -- \
      -a 127.0.0.1 -p "$1" -js -sd "$root/.data/nats" -l "$root/.data/nats/nats.log"
  else
    nohup "$bin" -a 127.0.0.1 -p "$1" -js -sd "$root/.data/nats" -l "$root/.data/nats/nats.log" >/dev/null 2>&1 &
  fi
}

status=0
ensure PostgreSQL "${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/campus_whistle}" 5432 start_postgres \
  "sudo apt-get install -y postgresql (then allow trust or set DATABASE_URL)" || status=1
ensure Redis "${REDIS_URL:-redis://127.0.0.1:6379}" 6379 start_redis "sudo apt-get install -y redis-server" || status=1
ensure NATS "${NATS_URL:-nats://127.0.0.1:4222}" 4222 start_nats "sudo apt-get install -y nats-server" || status=1
exit $status
