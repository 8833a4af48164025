# syntax=docker/dockerfile:1
# The Greentic control plane: the `greentic` command on the ASP.NET Core runtime, non-root, read-only root filesystem
# (set by the orchestrator; writable paths are volumes: /tmp and /var/lib/greentic).
# Build from the repository root:  docker build -f deploy/docker/control-plane.Dockerfile -t greentic/control-plane .
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
# 1654 is the image's unprivileged 'app' user; nothing in /app is writable by it.
USER 1654:1654
ENV ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_EnableDiagnostics=0 \
    DOTNET_USE_POLLING_FILE_WATCHER=true \
    Greentic__ControlPlane__GrpcAddress=http://0.0.0.0:7878 \
    Greentic__ControlPlane__HttpAddress=http://0.0.0.0:7879 \
    Greentic__Stores__SqlitePath=/var/lib/greentic/state.db
# gRPC h2c (behind the gateway), gRPC over mTLS (sidecars, remote peers), /healthz and /admin
EXPOSE 7878 7443 7879
VOLUME ["/var/lib/greentic", "/tmp"]
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/7879 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "/app/greentic.dll"]
CMD ["serve"]
