#!/usr/bin/env bash
# Seeds a local registry with stand-ins for the Docker Hub images the lessons pull, so every lesson
# works on a live daemon with no internet (a classroom, a school laptop, CI):
#   bash scripts/seed-mirror.sh [REGISTRY]        # default 127.0.0.1:5000
#   LAYERLAB_REGISTRY_MIRROR=127.0.0.1:5000 npm start   # the app then pulls Docker Hub names from it
#
# The images mirror the simulator's catalog (src/domain/sim/catalog.ts): the same repositories and
# tags, the same parent relationships (ubuntu 12.04/14.04/latest share their lower layers; neo4j
# 2.1.5 and latest sit on openjdk on debian; nginx on debian), the same default CMD/ENTRYPOINT/ENV/
# WORKDIR. Their files are small busybox-based stand-ins (bash, neo4j, nginx are shell scripts that
# behave like the real programs as far as the lessons go: a server keeps running until stopped).
# All are built from layerlab/busybox:base with docker's legacy builder (so identical steps share
# layers), pushed, and the local build tags removed: the daemon then gets them the way a learner
# does, by `docker pull`.
#
# Idempotent: a stamp tag named after this file's hash and the base image's layer is pushed last; when the
# registry already has it, the script exits at once (one HTTP request).
set -euo pipefail
REG=${1:-${LAYERLAB_REGISTRY_MIRROR:-127.0.0.1:5000}}
REG=${REG#http://}; REG=${REG%/}
here=$(cd "$(dirname "$0")" && pwd)
# the stamp names this script and the base image the stand-ins are built on: either changed, seed again
base_layer=$(docker image inspect -f '{{index .RootFS.Layers 0}}' layerlab/busybox:base 2>/dev/null || true)
stamp=$( (cat "$here/seed-mirror.sh"; echo "$base_layer") | sha256sum | cut -c1-12)
log() { printf '[seed-mirror] %s\n' "$*"; }

have_manifest() {
  curl -fsS -o /dev/null -I \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://$REG/v2/$1/manifests/$2" 2>/dev/null
}

curl -fsS "http://$REG/v2/" >/dev/null || { log "no registry answers at http://$REG/v2/"; exit 1; }
if have_manifest layerlab/seed-stamp "$stamp"; then log "already seeded ($REG, stamp $stamp)"; exit 0; fi
docker image inspect layerlab/busybox:base >/dev/null 2>&1 || { log "layerlab/busybox:base is missing (bash .ci/services.sh start imports it)"; exit 1; }

t0=$(date +%s)
work=$(mktemp -d)
built=()
trap 'rm -rf "$work"; [ ${#built[@]} -eq 0 ] || docker rmi "${built[@]}" >/dev/null 2>&1 || true' EXIT

PATH_ENV='PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
# a stand-in for a server: runs in the foreground until stopped, like `neo4j console` or nginx
SERVER='#!/bin/sh\nexec /bin/sleep 2147483647\n'
# `docker run -d ubuntu sleep 1000` makes sleep PID 1, which ignores SIGTERM, so `docker stop` would
# wait its full 10 s grace period in every lesson that stops a container. This sleep leaves on
# SIGTERM like a well-behaved program (busybox's own sleep runs as its child).
SLEEP=$(cat <<'X'
busybox rm /bin/sleep && printf '#!/bin/sh\ntrap "exit 143" TERM INT\nbusybox sleep "$@" &\nwait $!\n' > /bin/sleep && busybox chmod 755 /bin/sleep
X
)

build() { # build NAME <<Dockerfile
  local name=$1 dir
  dir=$(mktemp -d "$work/ctx.XXXX")
  cat >"$dir/Dockerfile"
  # legacy builder on purpose (parent chain, layer cache); its deprecation notice is not news
  DOCKER_BUILDKIT=0 docker build -q -t "layerlab-seed/$name" "$dir" >/dev/null 2>"$dir/err" || { cat "$dir/err" >&2; exit 1; }
  built+=("layerlab-seed/$name")
}

# ---- debian (debian:latest, bookworm, 12) ----
build debian <<EOF
FROM layerlab/busybox:base
RUN busybox mkdir -p /etc /usr/bin /usr/lib/x86_64-linux-gnu /var/lib/dpkg /usr/share/doc /home \\
 && printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\\nID=debian\\n' > /etc/os-release \\
 && printf 'Debian GNU/Linux 12 \\\\n \\\\l\\n' > /etc/issue && printf '12.8\\n' > /etc/debian_version \\
 && printf 'Package: base-files\\nStatus: install ok installed\\n' > /var/lib/dpkg/status \\
 && printf '#!/bin/sh\\nexec /bin/sh "\$@"\\n' > /bin/bash && busybox chmod 755 /bin/bash \\
 && busybox ln -s /bin/env /usr/bin/env \\
 && $SLEEP
ENV $PATH_ENV
CMD ["bash"]
EOF

# ---- openjdk:8-jre / latest on debian ----
build openjdk <<EOF
FROM layerlab-seed/debian
ENV JAVA_HOME=/usr/lib/jvm/java-8-openjdk-amd64
RUN busybox mkdir -p /usr/lib/jvm/java-8-openjdk-amd64/bin /usr/lib/jvm/java-8-openjdk-amd64/jre/lib \\
 && printf '$SERVER' > /usr/lib/jvm/java-8-openjdk-amd64/bin/java && busybox chmod 755 /usr/lib/jvm/java-8-openjdk-amd64/bin/java \\
 && printf 'stand-in for rt.jar\\n' > /usr/lib/jvm/java-8-openjdk-amd64/jre/lib/rt.jar \\
 && busybox ln -s /usr/lib/jvm/java-8-openjdk-amd64/bin/java /usr/bin/java
EOF

# ---- neo4j:2.1.5 and neo4j:latest (5.24.0) on openjdk ----
neo4j() { # neo4j VERSION
  build "neo4j-$1" <<EOF
FROM layerlab-seed/openjdk
ENV NEO4J_VERSION=$1
RUN busybox mkdir -p /var/lib/neo4j/lib /var/lib/neo4j/bin /var/lib/neo4j/conf /var/lib/neo4j/data /usr/local/bin \\
 && printf 'stand-in for neo4j-kernel-$1.jar\\n' > /var/lib/neo4j/lib/neo4j-kernel-$1.jar \\
 && printf '# neo4j $1\\ndbms.default_listen_address=0.0.0.0\\n' > /var/lib/neo4j/conf/neo4j.conf \\
 && printf '$SERVER' > /var/lib/neo4j/bin/neo4j && busybox chmod 755 /var/lib/neo4j/bin/neo4j \\
 && busybox ln -s /var/lib/neo4j/bin/neo4j /usr/local/bin/neo4j
WORKDIR /var/lib/neo4j
CMD ["neo4j", "console"]
EOF
}
neo4j 2.1.5
neo4j 5.24.0

# ---- ubuntu 12.04 / 14.04 / latest (22.04): a shared root and policy layer, one release layer each ----
build ubuntu-root <<EOF
FROM layerlab/busybox:base
RUN busybox mkdir -p /etc /usr/bin /usr/sbin /sbin /var/lib/dpkg /usr/lib/apt/methods /home \\
 && printf 'NAME="Ubuntu"\\nID=ubuntu\\n' > /etc/os-release && printf 'Ubuntu \\\\n \\\\l\\n' > /etc/issue \\
 && printf 'Package: base-files\\nStatus: install ok installed\\n' > /var/lib/dpkg/status \\
 && printf '#!/bin/sh\\nexec /bin/sh "\$@"\\n' > /bin/bash && busybox chmod 755 /bin/bash \\
 && busybox ln -s /bin/env /usr/bin/env \\
 && $SLEEP
ENV $PATH_ENV
RUN printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && busybox ln -s /bin/true /sbin/initctl
EOF
ubuntu() { # ubuntu NAME VERSION CODENAME
  build "$1" <<EOF
FROM layerlab-seed/ubuntu-root
RUN printf 'DISTRIB_ID=Ubuntu\\nDISTRIB_RELEASE=$2\\nDISTRIB_CODENAME=$3\\nDISTRIB_DESCRIPTION="Ubuntu $2 LTS"\\n' > /etc/lsb-release \\
 && printf '$3/sid\\n' > /etc/debian_version
CMD ["/bin/bash"]
EOF
}
ubuntu ubuntu-12.04 12.04 precise
ubuntu ubuntu-14.04 14.04 trusty
ubuntu ubuntu-22.04 22.04 jammy

# ---- busybox, alpine: stand alone ----
build busybox <<EOF
FROM layerlab/busybox:base
RUN $SLEEP
CMD ["sh"]
EOF
build alpine <<EOF
FROM layerlab/busybox:base
RUN busybox mkdir -p /lib/apk/db /usr/bin && printf '3.20.3\\n' > /etc/alpine-release \\
 && printf 'NAME="Alpine Linux"\\nID=alpine\\nVERSION_ID=3.20.3\\n' > /etc/os-release \\
 && busybox ln -s /bin/env /usr/bin/env \\
 && $SLEEP
ENV $PATH_ENV
CMD ["/bin/sh"]
EOF

# ---- nginx on debian ----
build nginx <<EOF
FROM layerlab-seed/debian
ENV NGINX_VERSION=1.27.2
RUN busybox mkdir -p /usr/sbin /etc/nginx/conf.d /usr/share/nginx/html /var/cache/nginx \\
 && printf '$SERVER' > /usr/sbin/nginx && busybox chmod 755 /usr/sbin/nginx \\
 && printf 'user  nginx;\\nworker_processes  auto;\\n' > /etc/nginx/nginx.conf \\
 && printf '<!DOCTYPE html>\\n<h1>Welcome to nginx!</h1>\\n' > /usr/share/nginx/html/index.html
RUN printf '#!/bin/sh\\nset -e\\nexec "\$@"\\n' > /docker-entrypoint.sh && busybox chmod 755 /docker-entrypoint.sh && busybox mkdir /docker-entrypoint.d
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD ["nginx", "-g", "daemon off;"]
EOF

# ---- push under every tag of the catalog ----
push() { # push LOCAL REPO TAG...
  local local=$1 repo=$2; shift 2
  for tag in "$@"; do
    docker tag "layerlab-seed/$local" "$REG/$repo:$tag"
    docker push -q "$REG/$repo:$tag" >/dev/null
    docker rmi "$REG/$repo:$tag" >/dev/null
  done
}
push ubuntu-12.04 library/ubuntu 12.04 precise
push ubuntu-14.04 library/ubuntu 14.04 trusty
push ubuntu-22.04 library/ubuntu latest 22.04 jammy
push debian library/debian latest bookworm 12
push openjdk library/openjdk 8-jre latest
push neo4j-2.1.5 library/neo4j 2.1.5
push neo4j-5.24.0 library/neo4j latest 5
push busybox library/busybox latest 1.36
push alpine library/alpine latest 3.20
push nginx library/nginx latest 1.27
push busybox layerlab/seed-stamp "$stamp"
log "seeded $REG with ubuntu, debian, openjdk, neo4j, busybox, alpine, nginx in $(( $(date +%s) - t0 ))s (stamp $stamp)"
