#!/usr/bin/env bash
# The README's two commands on a truly fresh machine.
#
#   scripts/fresh-check.sh            (or: make fresh-check)
#
# Builds a minimal Debian 12 root with debootstrap (--variant=minbase) from the Debian
# mirror this machine is configured with, carries in only this repository (a clean clone
# of HEAD), ../shared when present and the package-registry configuration the machine
# uses (apt sources and settings, extra CA certificates, pip/npm/Maven settings), installs
# the README's prerequisites, then runs `make test` and `make demo` (no display) inside it
# and fetches the demo's page. Prints the result, unmounts everything and removes the root.
#
# Needs root (chroot, mounts) and debootstrap (installed when missing). Takes minutes;
# not part of every CI run. KEEP_ROOT=1 keeps the root for a look afterwards;
# FRESH_PYTEST_ARGS="tests/x.py -k y" runs only those tests inside it.
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="$(cd "$ROOT_DIR/.." && pwd)/shared"
SUITE="${SUITE:-bookworm}"
T0=$SECONDS

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (it builds a chroot and mounts /proc, /sys and /dev)"
command -v debootstrap >/dev/null || {
  say "installing debootstrap"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
}

# The Debian mirror this machine uses (deb822 .sources first, then sources.list).
mirror="${DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  mirror="$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v -- '-security' | head -n1 || true)"
fi
if [ -z "$mirror" ]; then
  mirror="$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v -- '-security' | head -n1 || true)"
fi
[ -n "$mirror" ] || die "no Debian mirror configured; set DEBIAN_MIRROR"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/fresh-check.XXXXXX")"
TARGET="$WORK/root"
MOUNTS=()

cleanup() {
  local i
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    umount -l "${MOUNTS[$i]}" 2>/dev/null || true
  done
  # Nothing may stay mounted below the root before it is removed.
  if grep -q " $TARGET" /proc/mounts; then
    echo "warning: mounts left under $TARGET; not removing it" >&2
    return
  fi
  if [ "${KEEP_ROOT:-0}" = 1 ]; then
    echo "root kept at $TARGET"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

bind() {  # bind SRC DEST [ro]
  mkdir -p "$2"
  mount --bind "$1" "$2"
  MOUNTS+=("$2")
  [ "${3:-}" = ro ] && mount -o remount,bind,ro "$2"
  return 0
}

say "debootstrap --variant=minbase $SUITE from the configured mirror"
debootstrap --variant=minbase "$SUITE" "$TARGET" "$mirror" >"$WORK/debootstrap.log" 2>&1 \
  || { tail -n 20 "$WORK/debootstrap.log" >&2; die "debootstrap failed (log above)"; }
t_boot=$((SECONDS - T0))

say "carrying in the registry configuration"
# apt: the same sources and settings (the minimal root gets only the main suite otherwise).
rm -f "$TARGET/etc/apt/sources.list"
cp -a /etc/apt/sources.list.d/. "$TARGET/etc/apt/sources.list.d/" 2>/dev/null || true
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$TARGET/etc/apt/sources.list"
for f in /etc/apt/apt.conf.d/*; do
  # Only the machine's own settings (Acquire / proxies), not Debian's packaging defaults.
  grep -qs 'Acquire' "$f" && cp "$f" "$TARGET/etc/apt/apt.conf.d/"
done
# Extra certificate authorities (a registry proxy's), installed when ca-certificates is.
mkdir -p "$TARGET/usr/local/share/ca-certificates"
cp -a /usr/local/share/ca-certificates/. "$TARGET/usr/local/share/ca-certificates/" 2>/dev/null || true
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$TARGET/etc/pip.conf"
mkdir -p "$TARGET/root/.m2" "$TARGET/root/.config/pip"
[ -f "$HOME/.npmrc" ] && cp "$HOME/.npmrc" "$TARGET/root/.npmrc"
[ -f "$HOME/.m2/settings.xml" ] && cp "$HOME/.m2/settings.xml" "$TARGET/root/.m2/settings.xml"
[ -f "$HOME/.config/pip/pip.conf" ] && cp "$HOME/.config/pip/pip.conf" "$TARGET/root/.config/pip/pip.conf"
# Registry settings given by environment (PIP_*, NPM_CONFIG_*, proxies), minus local paths.
env | grep -E '^(PIP_INDEX_URL|PIP_EXTRA_INDEX_URL|PIP_TRUSTED_HOST|PIP_CERT|PIP_DEFAULT_TIMEOUT|NPM_CONFIG_[A-Z_]+|[Hh][Tt][Tt][Pp][Ss]?_[Pp][Rr][Oo][Xx][Yy]|[Nn][Oo]_[Pp][Rr][Oo][Xx][Yy])=' \
  | sed 's/^/export /; s/=\(.*\)$/="\1"/' >"$TARGET/root/registry.env" || true

say "carrying in the repository (a clean clone of HEAD) and ../shared"
git clone -q --no-hardlinks "$ROOT_DIR" "$TARGET/src/main"
git -C "$TARGET/src/main" checkout -q "$(git -C "$ROOT_DIR" rev-parse HEAD)"
if [ -d "$SHARED" ]; then
  bind "$SHARED" "$TARGET/src/shared" ro
fi

bind /proc "$TARGET/proc"
bind /sys "$TARGET/sys"
bind /dev "$TARGET/dev"
bind /dev/pts "$TARGET/dev/pts"
mkdir -p "$TARGET/dev/shm"
mount -t tmpfs -o mode=1777 tmpfs "$TARGET/dev/shm" && MOUNTS+=("$TARGET/dev/shm")
cp /etc/resolv.conf "$TARGET/etc/resolv.conf" 2>/dev/null || true
# A real machine has /etc/hosts; a bare debootstrap root may not.
[ -s "$TARGET/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$TARGET/etc/hosts"

cat >"$TARGET/root/fresh-run.sh" <<'INNER'
set -uo pipefail
[ -f /root/registry.env ] && . /root/registry.env
export DEBIAN_FRONTEND=noninteractive HOME=/root LANG=C.UTF-8
T=$SECONDS
echo "==> the README's prerequisites: make, git, ca-certificates, python3"
apt-get update -qq && apt-get install -y -qq --no-install-recommends make git ca-certificates python3 >/dev/null \
  || { echo "fresh-check: prerequisites failed"; exit 10; }
update-ca-certificates >/dev/null 2>&1 || true
cd /src/main
echo "==> make test"
t0=$SECONDS
make test PYTEST_ARGS="${FRESH_PYTEST_ARGS:-}" 2>&1 | tee /root/test.log | tail -n 40
rc=${PIPESTATUS[0]}
t_test=$((SECONDS - t0))
echo "==> make demo (no display), then fetch its page"
t0=$SECONDS
unset DISPLAY WAYLAND_DISPLAY
make demo DEMO_ARGS="--no-browser --exit-after 240" >/root/demo.log 2>&1 &
demo=$!
url=""
for _ in $(seq 1 600); do
  url="$(grep -o 'https://127\.0\.0\.1:[0-9]*' /root/demo.log | head -n1 || true)"
  [ -n "$url" ] && break
  kill -0 $demo 2>/dev/null || break
  sleep 1
done
page=0
if [ -n "$url" ] && curl -sk --max-time 20 "$url/" | grep -q '<title>'; then page=1; fi
t_demo=$((SECONDS - t0))
kill $demo 2>/dev/null; wait $demo 2>/dev/null
summary="$(grep -E '^=+ .*(passed|failed|error).* =+$' /root/test.log | tail -n1)"
echo "fresh-check: make test exit $rc in ${t_test}s (${summary:-no pytest summary}); make demo page $([ $page = 1 ] && echo served || echo NOT served) in ${t_demo}s; total ${SECONDS}s"
[ "$rc" = 0 ] && [ "$page" = 1 ]
INNER

say "running the two commands inside the fresh root"
set +e
chroot "$TARGET" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  TERM=dumb CI="${CI:-}" FRESH_PYTEST_ARGS="${FRESH_PYTEST_ARGS:-}" bash /root/fresh-run.sh
rc=$?
set -e
# The whole test log outlives the root (the summary above shows only its end).
keep="${TMPDIR:-/tmp}/fresh-check-test.log"
cp "$TARGET/root/test.log" "$keep" 2>/dev/null && echo "fresh-check: the full test log is in $keep"
echo "fresh-check: debootstrap ${t_boot}s; whole check $((SECONDS - T0))s; $([ $rc = 0 ] && echo PASSED || echo "FAILED (exit $rc)")"
exit $rc
