#!/usr/bin/env bash
# Install what Kyodo Desk needs on a fresh Debian/Ubuntu machine, into ./.venv.
#   bash scripts/setup.sh          the application
#   bash scripts/setup.sh --dev    the application and everything the tests need
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

# System libraries: what Qt needs to open a window (also offscreen), plus, for the tests,
# LibreOffice (recalculates exported workbooks), a Japanese font for it (a fresh machine has none,
# and LibreOffice would draw every kanji as a box), poppler (PDF to text/PNG) and Xvfb (screenshots).
packages=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 fontconfig)
[ "$dev" = 1 ] && packages+=(xvfb xauth poppler-utils libreoffice-calc fonts-ipaexfont-gothic postgresql)
python3 -m venv --help >/dev/null 2>&1 || packages+=(python3-venv)

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

# apt-get waits for a lock another installer holds (unattended-upgrades on a new machine) and
# says so in Japanese, instead of stopping with apt's English message.
apt_get() {
  local tries=0
  until DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=60 "$@"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 10 ]; then
      echo "apt-get が失敗しました（別のインストールが終わらない可能性があります）。しばらく待ってから、もう一度 scripts/setup.sh を実行してください。" >&2
      return 1
    fi
    echo "別のプログラムがパッケージをインストール中です。終わるのを待っています…（${tries}/10）" >&2
    sleep 15
  done
}

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt_get update -qq
    apt_get install -y -qq --no-install-recommends "${missing[@]}"
  fi
else
  echo "apt-get がありません: Qt の実行に必要なライブラリは手動で入れてください。" >&2
fi

# Whatever the distribution offers, fontconfig (and so LibreOffice) also sees the bundled IPAexGothic.
fontdir="${XDG_DATA_HOME:-$HOME/.local/share}/fonts/kyodo-desk"
mkdir -p "$fontdir"
cp -f resources/fonts/ipaexg.ttf "$fontdir/"
command -v fc-cache >/dev/null 2>&1 && fc-cache -f "$fontdir" >/dev/null 2>&1 || true

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "$dev" = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[dev]"
else
  .venv/bin/python -m pip install -q -e .
fi
