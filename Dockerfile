# syntax=docker/dockerfile:1
# Pawkeep's image: built with the Maven wrapper on a JDK, run on a JRE as a non-root user, on a
# read-only root file system (every write goes to /data, a volume, or /tmp, a tmpfs), with the
# JDK's ahead-of-time cache trained while the image is built (docs/performance.md, "Start-up and
# memory"). compose.yaml runs two of them behind HAProxy.
#
# Written without a Docker engine at hand (the machine it was written on has none): it has not
# been built yet, so review it by eye and build it once before relying on it.
#
#   docker build -t pawkeep .
#   docker run --read-only --tmpfs /tmp -v pawkeep-data:/data -p 8080:8080 \
#     -e SPRING_PROFILES_ACTIVE=prod ... pawkeep     (the settings: README, "Production")

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/main/ src/main/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -q -Dmaven.test.skip=true -Dspotless.check.skip=true package \
 && java -Djarmode=tools -jar target/pawkeep-*.jar extract \
      --destination /app --application-filename pawkeep.jar

FROM eclipse-temurin:25-jre
# curl for the health check only.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 pawkeep \
 && useradd --system --uid 10001 --gid pawkeep --home-dir /nonexistent --shell /usr/sbin/nologin pawkeep \
 && install -d -o pawkeep -g pawkeep -m 0700 /data \
 && install -d -o pawkeep -g pawkeep /app/cache
WORKDIR /app
COPY --from=build /app/ ./
COPY deploy/java.args ./java.args

# The cache holds the classes a start loads, already parsed and linked, and the methods it ran
# most: one start of the development profile (embedded PostgreSQL under /tmp, thrown away) that
# exits once every bean is created. It is only valid for this JRE and these jars, hence here.
USER pawkeep
RUN java @java.args -XX:AOTCacheOutput=/app/cache/pawkeep.aot -Dspring.context.exit=onRefresh \
      -jar pawkeep.jar --pawkeep.data-dir=/tmp/train --server.port=0 \
 && rm -rf /tmp/train /tmp/embedded-pg
USER root
RUN chown -R root:root /app/cache && chmod 0444 /app/cache/pawkeep.aot
USER pawkeep

ENV SPRING_PROFILES_ACTIVE=prod \
    PAWKEEP_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/actuator/health || exit 1
ENTRYPOINT ["java", "@java.args", "-XX:AOTCache=/app/cache/pawkeep.aot", "-jar", "pawkeep.jar"]
