#!/usr/bin/env bash
# LanguageTool server from Maven Central, run locally on 127.0.0.1.
#   scripts/languagetool.sh fetch        download the jars into .cache/languagetool/lib (idempotent)
#   scripts/languagetool.sh start [PORT] start the server in the background (default port 8081)
#   scripts/languagetool.sh stop         stop the server started by `start`
#   scripts/languagetool.sh url          print the URL of the running server (exit 1 if none)
#   scripts/languagetool.sh status       say whether the jars are there and the server runs
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LT_VERSION="${LT_VERSION:-6.8}"
LT_DIR="${LANGUAGETOOL_HOME:-$ROOT/.cache/languagetool}"
LIB="$LT_DIR/lib"
PIDFILE="$LT_DIR/server.pid"
PORTFILE="$LT_DIR/server.port"
LOG="$LT_DIR/server.log"

have_jars() {
  compgen -G "$LIB/languagetool-server-$LT_VERSION.jar" >/dev/null \
    && compgen -G "$LIB/language-en-$LT_VERSION.jar" >/dev/null \
    && [ -f "$LIB/.complete-$LT_VERSION" ]
}

fetch() {
  if have_jars; then
    echo "LanguageTool $LT_VERSION already in $LIB"
    return 0
  fi
  command -v java >/dev/null || { echo "error: Java 17+ is needed (Debian: apt-get install openjdk-17-jre-headless)" >&2; exit 1; }
  command -v mvn >/dev/null || { echo "error: Maven is needed to fetch LanguageTool (Debian: apt-get install maven)" >&2; exit 1; }
  mkdir -p "$LT_DIR"
  # A throwaway pom whose only job is to resolve the server and English with all their dependencies.
  cat >"$LT_DIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.mail-assistant</groupId>
  <artifactId>languagetool-fetch</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.languagetool</groupId><artifactId>languagetool-server</artifactId><version>$LT_VERSION</version></dependency>
    <dependency><groupId>org.languagetool</groupId><artifactId>language-en</artifactId><version>$LT_VERSION</version></dependency>
  </dependencies>
</project>
POM
  echo "Fetching LanguageTool $LT_VERSION (server + English, about 250 MB) with Maven..."
  rm -rf "$LIB.tmp"
  # Retry once: a dropped connection to the registry is the usual failure.
  local ok=0
  for attempt in 1 2; do
    if mvn -B -q -f "$LT_DIR/pom.xml" dependency:copy-dependencies \
         -DoutputDirectory="$LIB.tmp" -DincludeScope=runtime; then ok=1; break; fi
    echo "Maven failed (attempt $attempt)" >&2
  done
  [ "$ok" = 1 ] || { echo "error: could not fetch LanguageTool $LT_VERSION from Maven" >&2; exit 1; }
  touch "$LIB.tmp/.complete-$LT_VERSION"
  rm -rf "$LIB" && mv "$LIB.tmp" "$LIB"
  echo "LanguageTool $LT_VERSION: $(ls "$LIB"/*.jar | wc -l) jars in $LIB"
}

running_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid; pid="$(cat "$PIDFILE")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

url() {
  running_pid >/dev/null || { echo "LanguageTool is not running (scripts/languagetool.sh start)" >&2; return 1; }
  echo "http://127.0.0.1:$(cat "$PORTFILE")"
}

start() {
  local port="${1:-8081}"
  if running_pid >/dev/null; then url; return 0; fi
  have_jars || fetch
  # No --public: the server only accepts connections from this machine.
  nohup java -Xmx1500m -cp "$LIB/*" org.languagetool.server.HTTPServer --port "$port" \
    >"$LOG" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  echo "$port" >"$PORTFILE"
  for _ in $(seq 1 240); do
    if curl -fsS "http://127.0.0.1:$port/v2/languages" >/dev/null 2>&1; then url; return 0; fi
    running_pid >/dev/null || { echo "error: LanguageTool exited; see $LOG" >&2; tail -20 "$LOG" >&2; return 1; }
    sleep 0.5
  done
  echo "error: LanguageTool did not answer on port $port within 120 s; see $LOG" >&2
  stop
  return 1
}

stop() {
  local pid
  if pid="$(running_pid)"; then
    kill "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "LanguageTool stopped"
  fi
  rm -f "$PIDFILE" "$PORTFILE"
}

status() {
  if have_jars; then echo "jars: LanguageTool $LT_VERSION in $LIB"; else echo "jars: missing (scripts/languagetool.sh fetch)"; fi
  if running_pid >/dev/null; then echo "server: $(url)"; else echo "server: not running"; fi
}

case "${1:-}" in
  fetch) fetch ;;
  start) start "${2:-8081}" ;;
  stop) stop ;;
  url) url ;;
  status) status ;;
  *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
