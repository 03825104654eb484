#!/usr/bin/env bash
# Starts what the live-Docker tests need, on loopback only, and prepares the shared base image.
#   bash .ci/services.sh start   # dockerd (if no socket answers), docker-registry on 127.0.0.1:5000, base image,
#                                # the registry seeded as a Docker Hub mirror (scripts/seed-mirror.sh; fast when seeded),
#                                # and Podman's Docker-compatible service on unix:///run/podman/podman.sock
#   bash .ci/services.sh stop    # stops only what `start` started
set -euo pipefail
STATE=${LAYERLAB_SERVICES_DIR:-/tmp/layerlab-services}
mkdir -p "$STATE"
here=$(cd "$(dirname "$0")" && pwd)

log() { printf '[services] %s\n' "$*"; }

start_dockerd() {
  if docker version >/dev/null 2>&1; then log "dockerd already answers"; return; fi
  log "starting dockerd (--iptables=false --bridge=none)"
  nohup dockerd --iptables=false --bridge=none >"$STATE/dockerd.log" 2>&1 &
  echo $! >"$STATE/dockerd.pid"
  for _ in $(seq 1 60); do docker version >/dev/null 2>&1 && { log "dockerd is up"; return; }; sleep 0.5; done
  log "dockerd did not come up:"; tail -20 "$STATE/dockerd.log"; exit 1
}

start_registry() {
  if curl -fsS http://127.0.0.1:5000/v2/ >/dev/null 2>&1; then log "registry already answers"; return; fi
  cat >"$STATE/registry.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE/registry-data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:5000
YML
  log "starting docker-registry on 127.0.0.1:5000 (no auth, loopback only)"
  nohup docker-registry serve "$STATE/registry.yml" >"$STATE/registry.log" 2>&1 &
  echo $! >"$STATE/registry.pid"
  for _ in $(seq 1 40); do curl -fsS http://127.0.0.1:5000/v2/ >/dev/null 2>&1 && { log "registry is up"; return; }; sleep 0.25; done
  log "registry did not come up:"; tail -20 "$STATE/registry.log"; exit 1
}

# Podman 4.3 (Debian): its API service on its own socket beside dockerd. It needs default_ulimits
# emptied (the sandbox refuses the default nofile ulimit) and the loopback registry listed as
# insecure before the service starts; both are written only when missing.
PODMAN_SOCK=/run/podman/podman.sock
start_podman() {
  if curl -fsS --unix-socket "$PODMAN_SOCK" http://d/_ping >/dev/null 2>&1; then log "podman already answers"; return; fi
  mkdir -p /etc/containers/registries.conf.d /run/podman
  if ! grep -qs '^default_ulimits' /etc/containers/containers.conf; then
    if grep -qs '^\[containers\]' /etc/containers/containers.conf; then
      sed -i 's/^\[containers\]/[containers]\ndefault_ulimits = []/' /etc/containers/containers.conf
    else
      printf '[containers]\ndefault_ulimits = []\n' >>/etc/containers/containers.conf
    fi
  fi
  local reg=/etc/containers/registries.conf.d/50-layerlab-mirror.conf
  [ -f "$reg" ] || printf '[[registry]]\nlocation = "127.0.0.1:5000"\ninsecure = true\n' >"$reg"
  log "starting podman system service on unix://$PODMAN_SOCK"
  nohup podman system service --time=0 "unix://$PODMAN_SOCK" >"$STATE/podman.log" 2>&1 &
  echo $! >"$STATE/podman.pid"
  for _ in $(seq 1 60); do curl -fsS --unix-socket "$PODMAN_SOCK" http://d/_ping >/dev/null 2>&1 && { log "podman is up"; return; }; sleep 0.5; done
  log "podman did not come up:"; tail -20 "$STATE/podman.log"; exit 1
}

base_image() {
  bash "$here/../scripts/make-rootfs.sh" "$STATE/busybox-rootfs.tar"
  # imported again when the tarball changed: an uncompressed import's layer is the tarball's sha256
  local want have
  want="sha256:$(sha256sum "$STATE/busybox-rootfs.tar" | cut -d' ' -f1)"
  have=$(docker image inspect -f '{{index .RootFS.Layers 0}}' layerlab/busybox:base 2>/dev/null || true)
  if [ "$have" != "$want" ]; then
    docker import "$STATE/busybox-rootfs.tar" layerlab/busybox:base >/dev/null
    log "imported layerlab/busybox:base"
  fi
}

stop() {
  for n in podman registry dockerd; do
    if [ -f "$STATE/$n.pid" ]; then
      pid=$(cat "$STATE/$n.pid"); kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      rm -f "$STATE/$n.pid"; log "stopped $n"
    fi
  done
}

case "${1:-start}" in
  start) start_dockerd; start_registry; start_podman; base_image; bash "$here/../scripts/seed-mirror.sh" 127.0.0.1:5000 ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
