#!/usr/bin/env bash
# The whole test suite: type check, lint, unit tests, and the network tests that need root,
# real rtnetlink in network namespaces and BIRD 2. Installs the system packages it needs
# when they are missing; without root it stops with a message instead of skipping anything.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
  echo "gitlb tests need root: the network tests create network namespaces, veth pairs and run BIRD." >&2
  echo "Run them as root (sudo npm test), or in a throwaway VM/container with CAP_NET_ADMIN and CAP_SYS_ADMIN." >&2
  exit 1
fi

# Debian packages the tests drive for real: ip (iproute2), bird/birdc (bird2), arping (iputils-arping),
# lua5.4 (Argo CD health checks), kubectl (the emulator is checked against it).
need=()
command -v ip >/dev/null || need+=(iproute2)
command -v bird >/dev/null || need+=(bird2)
command -v arping >/dev/null || need+=(iputils-arping)
command -v git >/dev/null || need+=(git)
command -v lua5.4 >/dev/null || need+=(lua5.4)
command -v ssh-keygen >/dev/null || need+=(openssh-client)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing missing packages: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
  # Debian starts a system-wide bird on install; the tests run their own instances.
  systemctl disable --now bird >/dev/null 2>&1 || pkill -x bird 2>/dev/null || true
fi

[ -d node_modules ] || npm ci
npm run --silent build
npm run --silent typecheck
npm run --silent lint
exec npx vitest run "$@"
