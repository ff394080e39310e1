# Build stage: compile and package the fat jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY rules rules
RUN mvn -B -q -DskipTests package

# Run stage: a JRE, the jar, the default rules; runs as a non-root user.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/recallgate --create-home recallgate \
 && apt-get update -qq && apt-get install -y -qq --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/recallgate
COPY --from=build /src/target/recallgate.jar recallgate.jar
COPY rules /etc/recallgate/rules
ENV RECALLGATE_HTTP_HOST=0.0.0.0 \
    RECALLGATE_HTTP_PORT=8080 \
    RECALLGATE_RULES_DIR=/etc/recallgate/rules \
    RECALLGATE_DATA_DIR=/var/lib/recallgate/data
# Mount your own policy folder over /etc/recallgate/rules; it is watched and hot-reloaded.
VOLUME ["/etc/recallgate/rules", "/var/lib/recallgate/data"]
EXPOSE 8080
USER recallgate
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["java", "-XX:+UseG1GC", "-XX:MaxRAMPercentage=75", "-jar", "/opt/recallgate/recallgate.jar"]
CMD ["serve"]
