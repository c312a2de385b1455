# ChatServer in a container: built on Debian 12 with Debian's packages, run as a non-root
# user on Debian 12 slim. Not built in this repository's CI (it has no Docker); it follows
# scripts/debian-packages.txt and the Makefile, and is kept in step with them by review.
#
#   docker build -t chatserver .
#   docker run -p 5000:5000 -e CHATSERVER_JWT_KEY=... chatserver
FROM debian:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config \
      libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev \
      libsqlite3-dev libpq-dev libhiredis-dev libsodium-dev libssl-dev \
      libspdlog-dev libfmt-dev libcli11-dev prometheus-cpp-dev libsystemd-dev \
      libgtest-dev libgmock-dev libbenchmark-dev nodejs npm ca-certificates \
    && rm -rf /var/lib/apt/lists/*
# msgpack-cxx (header-only, used without Boost) from its Debian package's files.
RUN apt-get update && apt-get download libmsgpack-cxx-dev \
    && dpkg-deb -x libmsgpack-cxx-dev_*.deb / && rm -f libmsgpack-cxx-dev_*.deb \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN rm -rf build node_modules web/node_modules web/dist \
    && cmake --preset release && cmake --build --preset release --target chatserver \
    && npm ci --omit=dev --no-audit --no-fund \
    && cd web && npm ci --no-audit --no-fund && npm run build --silent

FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libboost-json1.81.0 libboost-url1.81.0 libsqlite3-0 libpq5 libhiredis0.14 libsodium23 \
      libssl3 libspdlog1.10 libfmt9 libprometheus-cpp-core1.0 libsystemd0 curl ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /var/lib/chatserver --create-home chatserver
COPY --from=build /src/build/release/chatserver /usr/bin/chatserver
COPY --from=build /src/web/dist /usr/share/chatserver/web/dist
COPY --from=build /src/node_modules/swagger-ui-dist /usr/share/chatserver/node_modules/swagger-ui-dist
USER chatserver
WORKDIR /var/lib/chatserver
ENV CHATSERVER_BIND=0.0.0.0 CHATSERVER_PORT=5000 CHATSERVER_DATA_DIR=/var/lib/chatserver \
    CHATSERVER_WEB_ROOT=/usr/share/chatserver CHATSERVER_LOG_FORMAT=json
EXPOSE 5000
# Readiness, not liveness: a draining node reports unhealthy at once.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s \
  CMD curl -fsS http://127.0.0.1:5000/readyz || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/chatserver"]
