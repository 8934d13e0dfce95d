#!/usr/bin/env bash
# `make container-check`: builds the Dockerfile and runs the image here, where no container registry
# can be reached and no OCI runtime can start a container (docs/deployment.md "How the image is
# checked"). Needs root, debootstrap, podman, buildah, curl and python3.
#
#   1. a minimal Debian 12 root file system (debootstrap --variant=minbase), kept as a tarball in
#      the cache folder between runs (delete it to refresh);
#   2. `podman import` of that tarball as the base image;
#   3. `buildah bud --isolation=chroot --format docker --build-arg BASE=<that image>` (docker
#      format, or HEALTHCHECK is dropped), then a look at the image's configuration;
#   4. inside the image (`buildah run --isolation=chroot`, host network; the state folders are
#      host folders mounted on the image's volumes): the entrypoint's migrate, loaddata of the
#      starter data, two users, then `mamon serve` on a free loopback port;
#   5. from the host (tests/deploy/drive_server.py): /healthz, an API login, a purchase and a page
#      of the website, then SIGTERM and a clean stop.
# Everything it made (containers, images, folders, the server) is removed on exit, failure and
# Ctrl-C included; that includes every buildah container and unnamed image created while it ran, so
# run one check at a time. Each step has a time limit.
#
# Environment: MAMON_CONTAINER_CACHE (default ~/.cache/mamon/container-check), DEBIAN_MIRROR,
# DEBIAN_SECURITY_MIRROR, MAMON_CHECK_BUILD_TIMEOUT_S (default 3600), MAMON_CHECK_PORT,
# MAMON_CHECK_KEEP_LAYERS=1 (for iterating on the Dockerfile: keeps the base image and buildah's
# layer cache between runs, so only the steps after a change are rebuilt; remove them with
# `buildah rmi localhost/mamon-check-base:bookworm-layers` and `buildah rmi --prune`).
set -euo pipefail
cd "$(dirname "$0")/.."

cache_dir=${MAMON_CONTAINER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mamon/container-check}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
security_mirror=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
build_timeout_s=${MAMON_CHECK_BUILD_TIMEOUT_S:-3600}
step_timeout_s=300
serve_start_timeout_s=60
run_id="$$-$(date +%s)"
keep_layers=${MAMON_CHECK_KEEP_LAYERS:-0}
base_image="localhost/mamon-check-base:$run_id"
layer_flags=(--no-cache)  # buildah 1.28: --force-rm needs --layers or --no-cache
if [[ $keep_layers == 1 ]]; then
  base_image="localhost/mamon-check-base:bookworm-layers"
  layer_flags=(--layers)
fi
image="localhost/mamon-check:$run_id"
arch=$(dpkg --print-architecture)
rootfs_tar="$cache_dir/bookworm-minbase-$arch.tar"

started_s=$(date +%s)
step() { printf 'container-check [%4ds] %s\n' "$(($(date +%s) - started_s))" "$*"; }
die() {
  step "FAILED: $*" >&2
  exit 1
}

[[ $(id -u) -eq 0 ]] || die "needs root (debootstrap, and buildah's chroot isolation)"
for tool in debootstrap podman buildah curl python3 timeout setsid; do
  command -v "$tool" >/dev/null || die "$tool is not installed (apt-get install debootstrap podman buildah curl)"
done

work=$(mktemp -d /tmp/mamon-container-check.XXXXXX)
container=""
server_pid=""
images_before=$(buildah images --all --quiet --no-trunc | sort)
containers_before=$(buildah containers --quiet --notruncate | sort)

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$server_pid" 2>/dev/null || true
  fi
  if [[ -n $container ]]; then buildah rm "$container" >/dev/null 2>&1 || true; fi
  # The build's working containers, which a build stopped by its time limit leaves behind.
  comm -13 <(echo "$containers_before") <(buildah containers --quiet --notruncate | sort) |
    while read -r id; do buildah rm "$id" >/dev/null 2>&1 || true; done
  buildah rmi --force "$image" >/dev/null 2>&1 || true
  if [[ $keep_layers != 1 ]]; then
    buildah rmi --force "$base_image" >/dev/null 2>&1 || true
    # Images the build left without a name (its build stage), made during this run only.
    comm -13 <(echo "$images_before") <(buildah images --all --quiet --no-trunc | sort) |
      while read -r id; do buildah rmi --force "$id" >/dev/null 2>&1 || true; done
  fi
  rm -rf "$work"
  if [[ $status -eq 0 ]]; then
    step "cleaned up; PASSED"
  else
    step "cleaned up after a failure (exit $status)" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. the base root file system --------------------------------------------------------------
mkdir -p "$cache_dir"
if [[ -s $rootfs_tar ]]; then
  step "1/5 base: cached $rootfs_tar ($(du -h "$rootfs_tar" | cut -f1))"
else
  step "1/5 base: debootstrap --variant=minbase bookworm from $mirror (once; cached afterwards)"
  timeout --kill-after=30 900 debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" \
    >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap"; }
  # The sources of Debian's own bookworm images (updates and security included), and their
  # habit of keeping no package lists.
  rm -f "$work/rootfs/etc/apt/sources.list"
  cat >"$work/rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security_mirror
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  chroot "$work/rootfs" apt-get clean
  rm -rf "$work/rootfs/var/lib/apt/lists/"*
  tar --numeric-owner -C "$work/rootfs" -cf "$rootfs_tar.part" .
  mv "$rootfs_tar.part" "$rootfs_tar"
  rm -rf "$work/rootfs"
  step "1/5 base: $rootfs_tar written ($(du -h "$rootfs_tar" | cut -f1))"
fi

# --- 2. import ---------------------------------------------------------------------------------
# The configuration Debian's own bookworm image carries (a PATH, bash by default).
if [[ $keep_layers == 1 ]] && buildah inspect --type image "$base_image" >/dev/null 2>&1; then
  step "2/5 import: kept $base_image (MAMON_CHECK_KEEP_LAYERS=1)"
else
  timeout 300 podman import --quiet --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change 'CMD ["bash"]' "$rootfs_tar" "$base_image" >/dev/null || die "podman import"
  step "2/5 import: $base_image"
fi

# --- 3. build ----------------------------------------------------------------------------------
step "3/5 build: buildah bud --isolation=chroot --format docker (limit ${build_timeout_s} s; the log: $work/build.log)"
if ! timeout --kill-after=30 "$build_timeout_s" nice buildah bud --isolation=chroot --format docker \
  --pull=never --force-rm "${layer_flags[@]}" --build-arg BASE="$base_image" -t "$image" -f Dockerfile . \
  >"$work/build.log" 2>&1; then
  tail -40 "$work/build.log" >&2
  die "buildah bud"
fi
step "3/5 build: $image built ($(buildah inspect --type image --format '{{.Docker.Config.User}}' "$image") user)"

# What docker compose and Dokku will read from the image's configuration.
# (buildah 1.28's --format has no json function: the whole inspection, read in Python.)
config=$(buildah inspect --type image "$image")
python3 - "$config" <<'EOF' || die "the image's configuration"
import json, sys
c = json.loads(sys.argv[1])["Docker"]["config"]
problems = []
if "/healthz" not in " ".join((c.get("Healthcheck") or {}).get("Test") or []):
    problems.append("no HEALTHCHECK on /healthz")
if c.get("User") in ("", "0", "root", None):
    problems.append("runs as root")
if "8000/tcp" not in (c.get("ExposedPorts") or {}):
    problems.append("does not EXPOSE 8000")
for volume in ("/var/lib/mamon/db", "/var/lib/mamon/media"):
    if volume not in (c.get("Volumes") or {}):
        problems.append(f"no VOLUME {volume}")
env = dict(e.split("=", 1) for e in c.get("Env") or [])
if env.get("PORT") != "8000":
    problems.append("no ENV PORT=8000")
if c.get("Entrypoint") != ["/usr/local/bin/docker-entrypoint.sh"]:
    problems.append(f"entrypoint is {c.get('Entrypoint')}")
if problems:
    sys.exit("; ".join(problems))
print("container-check        image: HEALTHCHECK /healthz, user %s, EXPOSE 8000, volumes, PORT, entrypoint" % c["User"])
EOF

# --- 4. inside the image -----------------------------------------------------------------------
container=$(buildah from --pull=never "$image")
# The image's VOLUMEs (checked above) are dropped from this working container only: buildah run
# (1.28, chroot isolation) mounts an image volume's own anonymous copy and the -v bind mount on the
# same path in random order, so a step would now and then write its database into the anonymous
# copy (seen: the starter data loaded, then createsuperuser found an empty database). Without
# them, every step uses the host folders below, on the paths the image declares.
buildah config --volume /var/lib/mamon/db- --volume /var/lib/mamon/media- "$container"
mkdir -p "$work/state/db" "$work/state/media"
chown -R 10001:10001 "$work/state"
port=${MAMON_CHECK_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=\n')
in_image=(buildah run --isolation=chroot
  -v "$work/state/db:/var/lib/mamon/db" -v "$work/state/media:/var/lib/mamon/media"
  -e "SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
  -e "JWT_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
  -e "BIND=127.0.0.1:8000" -e "PORT=$port" -e "PUBLIC_URL=http://127.0.0.1:$port"
  -e "MAMON_CHECK_PASSWORD=$password" -e "MAMON_SUPERUSER_PASSWORD=$password"
  "$container" --)
entry=/usr/local/bin/docker-entrypoint.sh
run_in_image() { timeout --kill-after=10 "$step_timeout_s" "${in_image[@]}" "$@"; }

run_in_image "$entry" mamon loaddata --if-empty /usr/share/mamon/starter.json \
  >"$work/loaddata.log" 2>&1 || { cat "$work/loaddata.log" >&2; die "migrate + loaddata"; }
grep -q "mamon migrate" "$work/loaddata.log" || die "the entrypoint did not migrate before loaddata"
[[ -s $work/state/db/mamon.sqlite3 ]] || die "the entrypoint's database is not in the db volume"
step "4/5 image: entrypoint migrated and loaded the starter data:"
sed 's/^/container-check        | /' "$work/loaddata.log" | grep -v '^container-check        |   - ' | tail -8
run_in_image mamon adduser tapper --password-env MAMON_CHECK_PASSWORD --first-name Check \
  --last-name Tapper --group Tapper --personnel tapper >"$work/users.log" 2>&1 ||
  { cat "$work/users.log" >&2; die "adduser tapper"; }
run_in_image mamon createsuperuser --noinput --username admin >>"$work/users.log" 2>&1 ||
  { cat "$work/users.log" >&2; ls -ln "$work/state/db" >&2; die "createsuperuser"; }
sed 's/^/container-check        | /' "$work/users.log"
[[ -s $work/state/db/mamon.sqlite3 ]] || die "no database in the db volume"
step "4/5 image: users tapper (bar staff) and admin (superuser) created; the database is in the volume"

setsid "${in_image[@]}" "$entry" >"$work/serve.log" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 $((serve_start_timeout_s * 2))); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" "$work/serve.err" >&2; die "mamon serve exited"; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/serve.log" "$work/serve.err" >&2; die "no /healthz within ${serve_start_timeout_s} s"; }
step "4/5 image: entrypoint's default command serves on 127.0.0.1:$port (PORT over BIND)"

# --- 5. from the host --------------------------------------------------------------------------
MAMON_CHECK_PASSWORD=$password timeout 120 python3 tests/deploy/drive_server.py \
  "http://127.0.0.1:$port" tapper admin | sed 's/^/container-check        /' || die "driving the server"
# SIGTERM to the server itself (as `docker stop` sends it to the entrypoint's exec'd process).
mamon_pid=$(pgrep --pgroup "$server_pid" --exact mamon | head -1) || die "no mamon process in the server's group"
kill -TERM "$mamon_pid"
for _ in $(seq 1 40); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$server_pid" 2>/dev/null; then die "the server did not stop within 20 s of SIGTERM"; fi
wait "$server_pid" || die "the server exited with $? after SIGTERM ($(tail -3 "$work/serve.err"))"
server_pid=""
grep -q "listening on" "$work/serve.log" || die "no 'listening on' line on stdout"
run_in_image mamon check >"$work/check.log" 2>&1 || { cat "$work/check.log" >&2; die "mamon check"; }
step "5/5 host: healthz, login, purchase and website passed; SIGTERM stopped it; mamon check clean"
