# Recall Gate: build the jar, run it on a JRE as a non-root user.
#
# Base images are pinned by digest (the multi-platform index digests Docker Hub serves for these
# tags; as recorded in github.com/docker-library/repo-info, repos/maven/remote/3.9-eclipse-temurin-17-noble.md
# and repos/eclipse-temurin/remote/17-jre-noble.md: Temurin 17.0.20+8 on Ubuntu 24.04, September 2026).
# To update, read the new digest with `docker buildx imagetools inspect <tag>` and change tag and
# digest together.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17-noble@sha256:42a3ac393abbc64dae6c96703e5ead2e921fe9103371ac58b5b404b0d6a26502
ARG RUN_IMAGE=eclipse-temurin:17-jre-noble@sha256:76bf6d763e84e4d286d5ee3df61e4adeca214977f83c7d8d2327b93db582dd9d

# ---- build: the fat jar ----
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package

# ---- run: a JRE, the jar and the default rules ----
FROM ${RUN_IMAGE}
# tini reaps exited PostgreSQL processes when the JVM would otherwise be PID 1 (embedded database);
# curl answers the health check.
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends tini curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 recallgate \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/recallgate --shell /usr/sbin/nologin recallgate \
 && mkdir -p /var/lib/recallgate/data \
 && chown -R 10001:10001 /var/lib/recallgate
WORKDIR /opt/recallgate
COPY --from=build /src/target/recallgate.jar recallgate.jar
COPY rules /etc/recallgate/rules
# - The heap follows the container's memory limit: 40 %, so a 640 MiB limit gives the 256 MiB heap
#   the README runs with (measured under bench/throughput.sh: the JVM's RSS stays under 450 MB; the
#   rest is class metadata, compiled code, threads and Netty's buffers). With the embedded
#   PostgreSQL in the same container, add about 250 MiB to the limit for it (or set -Xmx256m).
# - The embedded PostgreSQL keeps everything in the data volume: its data in data/pg and its server
#   programs in data/pg-binaries, nothing in the system temp directory.
# - The JVM's own warnings go to standard error: standard output is the JSON log.
ENV RECALLGATE_HTTP_HOST=0.0.0.0 \
    RECALLGATE_HTTP_PORT=8080 \
    RECALLGATE_RULES_DIR=/etc/recallgate/rules \
    RECALLGATE_DATA_DIR=/var/lib/recallgate/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=40 -XX:InitialRAMPercentage=25 -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:+DisplayVMOutputToStderr"
# Mount your policy folder over /etc/recallgate/rules (watched and hot-reloaded); data is the
# embedded database's volume (unused with an external PostgreSQL).
VOLUME ["/var/lib/recallgate/data"]
EXPOSE 8080
USER 10001:10001
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/ready || exit 1
# SIGTERM (docker stop) drains: give it --stop-timeout 20 or more.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "java", "-jar", "/opt/recallgate/recallgate.jar"]
CMD ["serve"]
