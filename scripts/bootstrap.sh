#!/usr/bin/env bash
# Installs what is missing on a Debian 12 machine (as root) and leaves .venv ready.
# Safe to run any number of times: every step checks before it acts.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(postgresql-15-postgis-3 ffmpeg postgresql-15 postgresql-client-15 redis-server gdal-bin libgdal-dev
              chromium fonts-noto-cjk gettext docker-compose nodejs npm nginx openssl)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# nodejs/npm may come from elsewhere (e.g. NodeSource): accept any working node >= 18.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Python 3.12: pygeoapi 0.24 needs it. Use PYTHON if given, else python3.12 on PATH, else pyenv's.
PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  if command -v python3.12 >/dev/null && PYENV_VERSION="${PYENV_VERSION:-3.12.1}" python3.12 -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then
    PY="python3.12"
  elif [ -x "$HOME/.pyenv/versions/3.12.1/bin/python3.12" ]; then
    PY="$HOME/.pyenv/versions/3.12.1/bin/python3.12"
  else
    echo "Python 3.12 is required (pygeoapi 0.24). Install it, e.g. 'pyenv install 3.12', or set PYTHON=/path/to/python3.12." >&2
    exit 1
  fi
fi
export PYENV_VERSION="${PYENV_VERSION:-3.12.1}"

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then
  echo "== python: creating .venv with $PY"
  rm -rf .venv
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements.sha
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "== python: installing requirements.txt"
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -r requirements.txt
  echo "$want" > "$stamp"
fi

if [ -f map_client/package.json ]; then
  stamp=map_client/node_modules/.package-lock.sha
  want=$(sha256sum map_client/package-lock.json 2>/dev/null | cut -d' ' -f1)
  if [ ! -d map_client/node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "== npm: installing map_client dependencies"
    (cd map_client && npm ci --no-audit --no-fund)
    echo "$want" > "$stamp"
  fi
fi
