#!/usr/bin/env bash
# Installs Purkinje's build and test dependencies from Debian 12's archive, when any is missing.
# Idempotent: on a machine that has them all it changes nothing and needs no network.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++ pkg-config
  libeigen3-dev libceres-dev
  libopencv-dev libopencv-contrib-dev opencv-data libssl-dev
  libsqlite3-dev libsqlitecpp-dev sqlite3
  libimgui-dev libglfw3-dev libgl-dev libgl1-mesa-dri
  libcairo2-dev fonts-dejavu-core
  nlohmann-json3-dev libcli11-dev libpugixml-dev libfmt-dev libspdlog-dev
  doctest-dev libbenchmark-dev
  xvfb xauth poppler-utils ffmpeg
)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

echo "purkinje: installing missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "purkinje: installing packages needs root; run this script as root (or with sudo)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
