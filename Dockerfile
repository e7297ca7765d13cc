# MarketAnalytics, one image per role: docker build --build-arg ROLE=ingest -t marketanalytics-ingest .
# ROLE is api (the default), ingest, aggregate or run (all in one process); docker-compose.yaml builds one image per service.
# Build context: the repository root, because the host project references core/, storage/ and the other libraries.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# npm: the build installs the market page's chart library (lightweight-charts) with `npm ci` from the npm registry.
RUN apt-get update && apt-get install -y --no-install-recommends npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# .dockerignore keeps a developer's bin/ and obj/ out, so restore starts from sources only.
RUN dotnet publish api/MarketAnalytics.Api/MarketAnalytics.Api.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# librdkafka comes with the application (librdkafka.redist's runtimes/linux-x64/native/); curl serves the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# Declared after the build stage, so the images of all roles share that stage's layers.
ARG ROLE=api
RUN case "$ROLE" in api|ingest|aggregate|run) ;; *) echo "ROLE must be api, ingest, aggregate or run, not '$ROLE'" >&2; exit 1 ;; esac
ENV ROLE=${ROLE}
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 CMD curl -fsS http://localhost:8080/health || exit 1
# The role comes from the environment (an ARG is gone at run time); arguments given to `docker run` follow it.
ENTRYPOINT ["/bin/sh", "-c", "exec dotnet MarketAnalytics.Api.dll \"$ROLE\" \"$@\"", "--"]
