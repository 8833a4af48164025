# syntax=docker/dockerfile:1
# The Node provider sidecar host (grpc-js): same contract as the C# one, on a Unix socket in a shared emptyDir.
# Non-root, read-only root filesystem.
# Build from the repository root:  docker build -f deploy/docker/sidecar-node.Dockerfile -t greentic/sidecar-node .
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# Only the two runtime packages, at the versions package-lock.json pins (the lock's other packages are dev tools).
RUN npm install --no-save --no-package-lock --omit=dev @grpc/grpc-js@1.14.7 @grpc/proto-loader@0.7.15
COPY protos/ protos/
COPY sidecars/node/ sidecars/node/

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
COPY --from=build /app/ ./
# The image's unprivileged 'node' user.
USER 1000:1000
ENV NODE_ENV=production
VOLUME ["/run/greentic/providers", "/tmp"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/app/sidecars/node/sidecar.js"]
CMD ["--listen", "unix:///run/greentic/providers/node.sock"]
