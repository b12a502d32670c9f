#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suites, on loopback, in a fresh folder under /tmp.
#
#   tests/pg/cluster.sh start URL_FILE   # writes postgresql://pdz@127.0.0.1:PORT to URL_FILE,
#                                        # the cluster folder to URL_FILE.dir
#   tests/pg/cluster.sh stop URL_FILE    # stops it and removes the folder; idempotent
#
# As root the server runs as `nobody` (postgres refuses root); otherwise as the current user.
# Authentication is `trust` for the superuser `pdz`; durability is off (fsync, full pages, commits):
# the data is thrown away anyway. C locale, so text ordering is byte ordering as in SQLite.
set -euo pipefail

usage() { echo "usage: $0 start|stop URL_FILE" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
url_file=$2
dir_file="$url_file.dir"

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$d" ] || [ ! -x "$d/initdb" ] || [ ! -x "$d/pg_ctl" ]; then
    echo "cluster.sh: no PostgreSQL server found under /usr/lib/postgresql/*/bin (install the Debian package postgresql: scripts/bootstrap)" >&2
    exit 1
  fi
  echo "$d"
}

# Runs a command as the cluster's owner: nobody when we are root, else ourselves. Runs from the
# cluster folder, so the server never needs access to the caller's working directory.
as_owner() {
  local folder=$1; shift
  if [ "$(id -u)" = 0 ]; then
    (cd "$folder" && setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$folder" LC_ALL=C "$@")
  else
    (cd "$folder" && env LC_ALL=C "$@")
  fi
}

# A folder we created: /tmp/pdz-pg.XXXXXX (refuse to remove anything else).
ours() { [[ "$1" =~ ^/tmp/pdz-pg\.[A-Za-z0-9]+$ ]]; }

stop() {
  local folder=""
  [ -f "$dir_file" ] && folder=$(head -n1 "$dir_file" || true)
  if [ -n "$folder" ] && ours "$folder" && [ -d "$folder" ]; then
    if [ -f "$folder/data/postmaster.pid" ]; then
      local bin
      bin=$(pg_bin 2>/dev/null) || bin=""
      if [ -n "$bin" ]; then
        as_owner "$folder" "$bin/pg_ctl" stop -D "$folder/data" -m immediate -w -t 30 >/dev/null 2>&1 || true
      fi
      # Still there (pg_ctl missing or stuck): kill the postmaster by its pid.
      if [ -f "$folder/data/postmaster.pid" ]; then
        local pid
        pid=$(head -n1 "$folder/data/postmaster.pid" 2>/dev/null || true)
        if [[ "$pid" =~ ^[0-9]+$ ]] && [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = postgres ]; then
          kill -QUIT "$pid" 2>/dev/null || true
          for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
          kill -KILL "$pid" 2>/dev/null || true
        fi
      fi
    fi
    rm -rf "$folder"
  elif [ -n "$folder" ] && ! ours "$folder"; then
    echo "cluster.sh: $dir_file names '$folder', not a folder this script made; left alone" >&2
  fi
  rm -f "$url_file" "$dir_file"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  stop  # a cluster left over by an interrupted run
  local bin folder port log ok=0
  bin=$(pg_bin)
  mkdir -p "$(dirname "$url_file")"
  folder=$(mktemp -d /tmp/pdz-pg.XXXXXX)
  chmod 700 "$folder"
  if [ "$(id -u)" = 0 ]; then chown 65534:65534 "$folder"; fi
  echo "$folder" >"$dir_file"
  log="$folder/server.log"

  if ! as_owner "$folder" "$bin/initdb" -D "$folder/data" -A trust -U pdz -E UTF8 --no-locale \
      --no-sync >"$folder/initdb.log" 2>&1; then
    echo "cluster.sh: initdb failed:" >&2
    cat "$folder/initdb.log" >&2
    exit 1
  fi
  as_owner "$folder" tee -a "$folder/data/postgresql.conf" >/dev/null <<EOF

# tests/pg/cluster.sh: a throwaway test cluster.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$folder'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 32MB
max_wal_size = 1GB
dynamic_shared_memory_type = mmap
logging_collector = off
log_min_messages = warning
log_line_prefix = '%m [%p] %d '
EOF

  # A free port: try random ones; a port taken between the check and the bind makes the start
  # fail with "could not bind", and the next attempt takes another one.
  for _ in $(seq 10); do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" && continue
    if as_owner "$folder" "$bin/pg_ctl" start -D "$folder/data" -l "$log" -w -t 60 \
        -o "-p $port" >"$folder/pg_ctl.log" 2>&1; then
      ok=1
      break
    fi
    if grep -qi 'could not bind\|address already in use' "$log" 2>/dev/null; then continue; fi
    break
  done
  if [ $ok != 1 ]; then
    echo "cluster.sh: PostgreSQL did not start (port $port):" >&2
    cat "$folder/pg_ctl.log" "$log" >&2 2>/dev/null || true
    stop
    exit 1
  fi

  for _ in $(seq 100); do
    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U pdz -d postgres; then
      echo "postgresql://pdz@127.0.0.1:$port" >"$url_file"
      echo "cluster.sh: PostgreSQL $(basename "$(dirname "$bin")") at postgresql://pdz@127.0.0.1:$port (folder $folder)"
      return 0
    fi
    sleep 0.1
  done
  echo "cluster.sh: PostgreSQL on port $port does not accept connections:" >&2
  cat "$log" >&2 2>/dev/null || true
  stop
  exit 1
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
