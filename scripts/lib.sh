# Shared helpers for scripts/run and scripts/test (sourced, not executed).
# shellcheck shell=bash

# Debian packages the build, the tests and the service need.
CTJ_APT_PACKAGES=(libpq-dev libcurl4-openssl-dev libssl-dev libxml2-dev postgresql pkg-config curl openssl ca-certificates)

# Installs the Debian packages that are missing (as root), or says which are missing (as a user).
ctj_apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    return 1
  fi
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Python virtualenv with the test helpers (pinned); prints nothing, sets CTJ_PYTHON.
ctj_python_venv() {
  local venv=$1; shift
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" 2>/dev/null || { ctj_apt_install python3-venv && python3 -m venv "$venv"; }
  fi
  local want="$*"
  local stamp="$venv/.ctj-requirements"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    "$venv/bin/pip" install -q --disable-pip-version-check "$@"
    echo "$want" >"$stamp"
  fi
  CTJ_PYTHON=$venv/bin/python
}

# Waits until a URL answers 2xx, up to $2 seconds.
ctj_wait_http() {
  local url=$1 secs=${2:-30}
  for _ in $(seq $((secs * 10))); do
    curl -fs -o /dev/null "$url" && return 0
    sleep 0.1
  done
  echo "timed out waiting for $url" >&2
  return 1
}
