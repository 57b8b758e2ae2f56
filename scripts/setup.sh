#!/usr/bin/env bash
# Set up this checkout on Debian 12 (or anything with Python 3.11+).
#
#   scripts/setup.sh runtime   venv + the app (+ the Qt window's libraries when a display exists)
#   scripts/setup.sh test      everything the test suite uses: system packages, venv with dev
#                              extras, LanguageTool from Maven, Chromium, Xvfb, gnome-keyring, D-Bus
#
# Idempotent: packages already installed are skipped (dpkg-query), `apt-get update` runs only
# when something is missing, and pip runs only when pyproject.toml, setup.py or
# requirements-dev.lock changed since the last run.
set -euo pipefail

MODE="${1:-runtime}"
case "$MODE" in runtime|test) ;; *) echo "usage: scripts/setup.sh [runtime|test]" >&2; exit 2 ;; esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
T0=$SECONDS

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# -- system packages (Debian/Ubuntu names) ------------------------------------------

# Python itself; venv needs python3-venv on Debian.
PKG_PYTHON=(python3 python3-venv ca-certificates curl)
# What PyQt6-WebEngine (pywebview's Linux backend) loads, plus fonts to draw text.
PKG_QT=(
  libegl1 libgl1 libgbm1 libdrm2 libglib2.0-0 libxkbcommon-x11-0 libxkbfile1 libnss3
  libxcomposite1 libxdamage1 libxrandr2 libxtst6 libx11-xcb1 libxcb-cursor0 libxcb-icccm4
  libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-xkb1 libfontconfig1 libdbus-1-3 libasound2 fonts-dejavu-core
)
# Test-only: Java + Maven for LanguageTool, a real browser, an X server, a real Secret Service,
# and libatomic1, which Playwright's bundled node driver links against (a minimal root lacks it);
# node + npm for the add-in's node:test suites (tests/addin/js), xmllint for its manifest schema.
PKG_TEST=(
  openjdk-17-jre-headless maven chromium xvfb xauth gnome-keyring dbus dbus-daemon dbus-x11
  libsecret-tools imagemagick libatomic1 libxml2-utils davmail-server
)
# Node.js for the add-in tests, from Debian only when no node/npm is on the PATH already
# (a machine with another Node.js build must keep it: Debian's npm conflicts with it).
PKG_NODE=(nodejs npm)

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

apt_install() {
  local missing=() p
  for p in "$@"; do is_installed "$p" || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "system packages: all ${#} present"
    return 0
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      cat >&2 <<MSG
error: these system packages are missing and installing them needs root:
    ${missing[*]}
Install them, then run this again:
    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}
MSG
      exit 1
    fi
  fi
  say "installing ${#missing[@]} system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

system_packages() {
  if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    warn "not a Debian-like system: install by hand the equivalents of: $*"
    return 0
  fi
  apt_install "$@"
}

has_display() { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }

# -- Python venv ------------------------------------------------------------------------

pick_python() {
  local c
  for c in "${PYTHON:-}" python3.13 python3.12 python3.11 python3 /usr/bin/python3; do
    [ -n "$c" ] && command -v "$c" >/dev/null || continue
    if "$c" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  return 1
}

make_venv() {
  if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    return 0
  fi
  local py
  py="$(pick_python)" || die "Python 3.11+ with venv is needed (Debian: apt-get install python3 python3-venv)"
  say "creating $VENV with $py ($("$py" --version))"
  rm -rf "$VENV"
  "$py" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
}

pip_install() {
  local extras="$1" stamp="$VENV/.setup-stamp-$1" want spec=".[$1]"
  [ "$extras" = base ] && spec="."
  local pip=("$VENV/bin/python" -m pip install -q --disable-pip-version-check)
  # Re-install only when the dependencies, the package layout or the lock changed (or the last
  # install did not finish).
  want="$(cat pyproject.toml setup.py requirements-dev.lock | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$VENV/bin/mail-assistant" ]; then
    echo "python packages: up to date ($spec)"
    return 0
  fi
  if [ "$extras" = dev ]; then
    # The tests run on the locked versions, the same on every machine; the app goes in on top
    # without resolving anything again.
    say "installing the locked test environment (requirements-dev.lock) and the app"
    "${pip[@]}" -r requirements-dev.lock
    "${pip[@]}" --no-deps -e .
  else
    # The app on the versions the tests ran with (the lock as constraints).
    say "installing the app and its Python packages: $spec"
    "${pip[@]}" -c requirements-dev.lock -e "$spec"
  fi
  echo "$want" >"$stamp"
}

# The tests' JavaScript packages, exactly as each folder's package-lock.json pins them.
npm_install() {  # npm_install DIR: the test packages DIR/package-lock.json pins (npm ci)
  local dir="$ROOT/$1" stamp want
  [ -f "$dir/package-lock.json" ] || return 0
  stamp="$dir/node_modules/.setup-stamp"
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "node packages: up to date ($1)"
    return 0
  fi
  say "installing the test node packages of $1 (npm ci)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" >"$stamp"
}

# -- main ---------------------------------------------------------------------------------

if [ "$MODE" = runtime ]; then
  packages=("${PKG_PYTHON[@]}")
  extras="base"
  # The window needs Qt's libraries; without a display the demo runs headless (browser/API).
  if has_display && [ "$(uname -s)" = Linux ]; then
    packages+=("${PKG_QT[@]}")
    extras="qt"
  fi
  system_packages "${packages[@]}"
  make_venv
  pip_install "$extras"
else
  system_packages "${PKG_PYTHON[@]}" "${PKG_QT[@]}" "${PKG_TEST[@]}"
  command -v node >/dev/null && command -v npm >/dev/null || system_packages "${PKG_NODE[@]}"
  make_venv
  pip_install dev
  npm_install tests/addin/js   # office-addin-mock for the event handler's node:test suites
  npm_install tests/ui/js      # axe-core for the accessibility tests
  bash "$ROOT/scripts/languagetool.sh" fetch
  [ -x /usr/bin/chromium ] || warn "Chromium not at /usr/bin/chromium; browser tests will fail under CI"
fi

say "setup ($MODE) done in $((SECONDS - T0)) s"
