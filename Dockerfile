# Pacer's image: `docker build -t pacer .` builds the jar in a Maven stage, then runs it on a JRE.
# Configure with a mounted file (-c /etc/pacer/pacer.conf) and PACER_* environment variables.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dmaven.test.skip=true package -pl launcher -am

FROM eclipse-temurin:17-jre
RUN useradd --system --home /opt/pacer pacer && mkdir -p /etc/pacer /var/lib/pacer \
    && chown pacer /var/lib/pacer
COPY --from=build /src/launcher/target/pacer.jar /opt/pacer/pacer.jar
# The default config (conf/pacer.conf): override keys with -D, or mount another file here.
COPY conf/pacer.conf /etc/pacer/pacer.conf
USER pacer
ENV PACER_JAVA_OPTS="-XX:MaxRAMPercentage=75"
EXPOSE 8090
# The admin API (/health, /ready, /status, /metrics) and the registry webhooks, on 8090.
ENTRYPOINT ["sh", "-c", "exec java $PACER_JAVA_OPTS -jar /opt/pacer/pacer.jar \"$@\"", "pacer"]
CMD ["run", "-c", "/etc/pacer/pacer.conf", "-D", "pacer.state-dir=/var/lib/pacer"]
