# syntax=docker/dockerfile:1
# One image serves the HTTP API and runs jobs from the CLI:
#   docker run IMAGE serve            (the default command)
#   docker run IMAGE run process_data_governance --dry-run --verbose

FROM swift:6.3-bookworm AS build
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpq-dev libcurl4-openssl-dev libssl-dev libxml2-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product checktick-jobs --static-swift-stdlib \
 && install -D .build/release/checktick-jobs /out/checktick-jobs
COPY docs /out/docs

FROM debian:bookworm-slim AS runtime
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libpq5 libcurl4 libssl3 libxml2 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin checktick
COPY --from=build /out/checktick-jobs /usr/local/bin/checktick-jobs
COPY --from=build /out/docs /app/docs
WORKDIR /app
USER 10001:10001
ENV PORT=8080 JOBS_LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT}/healthz" || exit 1
ENTRYPOINT ["/usr/local/bin/checktick-jobs"]
CMD ["serve"]
