# gitlb images (not built in this repository's CI: no Docker engine there; reviewed by hand).
#   docker build --target reconciler -t gitlb/reconciler .
#   docker build --target agent -t gitlb/agent .
# Both run the same bundled CLI (scripts/build.mjs); the agent image adds the network tools it drives.

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` (the build) needs the sources, copied below.
RUN npm ci --ignore-scripts
COPY scripts/build.mjs ./scripts/
COPY reconciler ./reconciler
COPY schemas ./schemas
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime-base
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/schemas ./schemas
COPY package.json ./
ENTRYPOINT ["node", "/app/dist/reconciler/cli/main.js"]

# The reconciler needs no privileges: it only talks to the API server and to Git.
FROM runtime-base AS reconciler
RUN apt-get update && apt-get install -y --no-install-recommends git openssh-client ca-certificates \
    && rm -rf /var/lib/apt/lists/*
USER node
CMD ["reconcile", "--source", "cluster"]

# The agent changes the node's interfaces (NET_ADMIN, NET_RAW via the DaemonSet's
# securityContext, hostNetwork), so it runs as root inside the container with only those
# capabilities granted; bird2 is here for the sidecar, which runs the same image.
FROM runtime-base AS agent
RUN apt-get update && apt-get install -y --no-install-recommends iproute2 iputils-arping bird2 \
    && rm -rf /var/lib/apt/lists/*
CMD ["agent"]
