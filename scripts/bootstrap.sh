#!/usr/bin/env bash
# Installs what `make run` and `make test` need beyond Python 3.11 and make, when missing.
#   scripts/bootstrap.sh run    uv (from PyPI, into ~/.local/bin)
#   scripts/bootstrap.sh test   uv, the PostgreSQL server and Chromium from Debian's
#                               packages (root, or sudo, needed for those), and kubectl
#                               from Debian's archive when none recent enough is there
# `make run`, `make test` and `.ci/run` all call it; a second call finds everything and
# does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.local/bin:$PATH"
purpose="${1:-run}"

have() { command -v "$1" >/dev/null 2>&1; }
say() { echo "bootstrap: $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif have sudo; then
    sudo "$@"
  else
    say "installing Debian packages needs root: run 'sudo $*', or make as root"
    return 1
  fi
}

apt_install() {
  say "installing $* from Debian's packages"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

install_uv() {
  have uv && return 0
  say "uv not found: installing it from PyPI into ~/.local/bin"
  if python3 -m pip --version >/dev/null 2>&1; then
    python3 -m pip install --quiet --user uv 2>/dev/null \
      || python3 -m pip install --quiet --user --break-system-packages uv 2>/dev/null \
      || python3 -m pip install --quiet uv 2>/dev/null \
      || true
  fi
  # Debian's python3 may come without pip: fetch uv's wheel with the standard library.
  have uv || python3 scripts/fetch_uv.py "$HOME/.local/bin"
  have uv || { say "could not install uv; see https://docs.astral.sh/uv/"; exit 1; }
}

install_test_tools() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt_install postgresql
  fi
  if [ ! -x /usr/bin/chromium ]; then
    # The consoles' browser tests drive Debian's Chromium through Playwright.
    apt_install chromium
  fi
  if ! ls /usr/lib/*-linux-gnu/libatomic.so.1 >/dev/null 2>&1; then
    # Playwright's driver (a Node.js build) links against libatomic, which a minimal
    # Debian lacks and Chromium does not bring.
    apt_install libatomic1
  fi
  if ! kubectl_recent; then
    # The tests render the Kubernetes manifests with kubectl's kustomize.
    say "kubectl 1.27 or later not found: installing Debian's into ~/.local/bin"
    python3 scripts/fetch_kubectl.py "$HOME/.local/bin"
  fi
}

kubectl_recent() {
  have kubectl || return 1
  local minor
  minor="$(kubectl version --client -o json 2>/dev/null | python3 -c \
    'import json, sys; print(json.load(sys.stdin)["clientVersion"]["minor"].rstrip("+"))')" \
    || return 1
  [ "${minor:-0}" -ge 27 ]
}

install_uv
if [ "$purpose" = test ]; then
  install_test_tools
fi
