# syntax=docker/dockerfile:1
# The Greentic ingress gateway (YARP): `greentic gateway`, non-root, read-only root filesystem.
# Build from the repository root:  docker build -f deploy/docker/gateway.Dockerfile -t greentic/gateway .
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY protos/ protos/
COPY src/ src/
COPY sidecars/Greentic.Sidecar.Host/ sidecars/Greentic.Sidecar.Host/
RUN dotnet publish src/Greentic.Cli/Greentic.Cli.csproj -c Release -o /out --nologo

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /out/ ./
USER 1654:1654
ENV ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_EnableDiagnostics=0 \
    Greentic__Gateway__Dedupe__SqlitePath=/var/lib/greentic/gateway-dedupe.db
# webhooks and admin (HTTP/1.1), gRPC h2c
EXPOSE 8080 8081
VOLUME ["/var/lib/greentic", "/tmp"]
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "/app/greentic.dll", "gateway"]
