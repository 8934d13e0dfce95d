# Mamon's container image (docs/deployment.md): `docker compose build`, Dokku's `git push`, or
# scripts/container-check.sh (buildah, no registry) all build this file.
#
# Two stages on Debian 12: `build` compiles the `mamon` binary with Debian's build packages (the same
# list as scripts/install-deps.sh); the run stage has only the shared libraries the binary links,
# tzdata (TIME_ZONE), CA certificates (Mollie, ledenbase over HTTPS) and curl (HEALTHCHECK). The
# website, its templates, pictures and the OpenAPI document are compiled into the binary.
#
# BASE is an argument so the image can be built where no registry is reachable: any Debian 12
# (bookworm) root file system imported as an image will do (scripts/container-check.sh).
ARG BASE=debian:bookworm-slim

FROM ${BASE} AS build
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config \
      libboost1.81-dev libboost-url1.81-dev nlohmann-json3-dev libkainjow-mustache-dev \
      libsqlite3-dev libpq-dev libjwt-dev libsodium-dev libssl-dev libcurl4-openssl-dev \
      libspdlog-dev libcli11-dev zlib1g-dev \
      sass-stylesheets-bulma libjs-chart.js libxlsxwriter-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake cmake
COPY docs/openapi.json docs/openapi.json
COPY web web
COPY src src
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMAMON_TESTS=OFF \
 && cmake --build build --target mamon \
 && strip build/mamon

FROM ${BASE}
ARG DEBIAN_FRONTEND=noninteractive
# A fixed uid/gid (10001) so volumes can be prepared on the host: chown 10001:10001 DIR.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates curl tzdata \
      libboost-url1.81.0 libcurl4 libfmt9 libjwt0 libpq5 libsodium23 libspdlog1.10 \
      libsqlite3-0 libssl3 libxlsxwriter4 zlib1g \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 mamon \
 && useradd --system --uid 10001 --gid mamon --home-dir /var/lib/mamon --no-create-home \
      --shell /usr/sbin/nologin mamon \
 && install -d -o mamon -g mamon -m 0750 /var/lib/mamon /var/lib/mamon/db /var/lib/mamon/media
COPY --from=build /src/build/mamon /usr/local/bin/mamon
COPY data/starter.json /usr/share/mamon/starter.json
COPY scripts/docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh

# Defaults for a container; every one can be overridden at run time (docker compose's .env,
# `dokku config:set`). PORT wins over BIND's port (Dokku sets PORT); logs go to stdout.
ENV DATABASE_URL=sqlite:////var/lib/mamon/db/mamon.sqlite3 \
    MEDIA_ROOT=/var/lib/mamon/media \
    BIND=0.0.0.0:8000 \
    PORT=8000 \
    MAMON_MIGRATE_ON_START=1
WORKDIR /var/lib/mamon
USER mamon
VOLUME ["/var/lib/mamon/db", "/var/lib/mamon/media"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT:-8000}/healthz" >/dev/null || exit 1
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["mamon", "serve"]
