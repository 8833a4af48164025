# syntax=docker/dockerfile:1
# The C# provider sidecar host: serves ProviderService on a Unix socket in a shared emptyDir; calls back into its own
# pod's control plane over mTLS with its SPIFFE identity. Non-root, read-only root filesystem.
# Build from the repository root:  docker build -f deploy/docker/sidecar-csharp.Dockerfile -t greentic/sidecar-csharp .
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY protos/ protos/
COPY src/Greentic.Contracts/ src/Greentic.Contracts/
COPY src/Greentic.Providers/ src/Greentic.Providers/
COPY sidecars/Greentic.Sidecar.Host/ sidecars/Greentic.Sidecar.Host/
RUN dotnet publish sidecars/Greentic.Sidecar.Host/Greentic.Sidecar.Host.csproj -c Release -o /out --nologo

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /out/ ./
USER 1654:1654
ENV ASPNETCORE_ENVIRONMENT=Production DOTNET_EnableDiagnostics=0
VOLUME ["/run/greentic/providers", "/tmp"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "/app/greentic-sidecar.dll"]
CMD ["--listen", "unix:///run/greentic/providers/csharp.sock"]
