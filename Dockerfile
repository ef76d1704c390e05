# breachwatch: a small image that runs the bot on Node 24 with its SQLite store in a volume.
FROM node:24-bookworm-slim

# jemalloc keeps the resident size flat while feeds are parsed over and over (glibc malloc fragments:
# see docs/adr/001-runtime-node-24.md); tini forwards signals so `docker stop` shuts down cleanly.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libjemalloc2 tini \
 && rm -rf /var/lib/apt/lists/*
# jemalloc's background thread hands freed pages back to the system while the bot idles between polls (the
# recogniser's build at start frees most of what it takes): about 12 MiB less resident (docs/adr/022); after a
# second rather than jemalloc's default ten, and at once when decayed (muzzy): 3-5 MiB less idle (docs/adr/023).
ENV LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 \
    MALLOC_CONF=background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0 \
    NODE_ENV=production \
    LOG_FORMAT=json

WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only. The image already has Node 24, so the optional dependency node@24 (a
# second Node for machines whose system Node is older: docs/adr/013) is left out; it is the only optional one.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY src ./src
COPY adapters ./adapters
COPY config ./config
# Node's compile cache (docs/adr/022): every module stripped of its types and compiled once, here, so that the bot
# starts without loading the type stripper (about a quarter of start-up, 15-25 MiB resident); and the compiled
# recogniser (docs/adr/023), so that a start reads it instead of reading and compiling the knowledge files. Node
# keeps its compile cache (and the recogniser's beside it) in a folder named by Node's version, the V8 flags and the
# user id (…-<flags hash>-1000): so both are warmed as the user the bot runs as, with the Node flags of the CMD
# below (test/unit/dockerfile.test.ts). A file that changes misses either cache and is read afresh.
RUN mkdir -p /app/data /app/.compile-cache && chown -R node:node /app/data /app/.compile-cache
USER node
ENV NODE_COMPILE_CACHE=/app/.compile-cache
RUN node --max-semi-space-size=2 --v8-pool-size=1 src/main.ts --version \
 && node --max-semi-space-size=2 --v8-pool-size=1 --disable-warning=ExperimentalWarning --input-type=module -e "import { readdirSync } from 'node:fs'; \
      for (const dir of ['src', 'adapters']) for (const f of readdirSync(dir, { recursive: true })) \
        if (f.endsWith('.ts') && f !== 'main.ts') await import('./' + dir + '/' + f);" \
 && echo '{"title":"The recogniser cache is warmed"}' | node --max-semi-space-size=2 --v8-pool-size=1 src/main.ts classify > /dev/null

VOLUME ["/app/data"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# A young generation of at most 3 x 2 MB: V8's default grows it to ~100 MB while the recogniser is built at start
# and keeps it (docs/adr/001); with the recogniser read from its cache (docs/adr/023), 8 MB semi-spaces still
# filled up at start and stayed, 10 MiB of the idle bot's resident size (npm run bench:startup). One V8 worker
# thread instead of four (GC and compile helpers): each thread kept its own allocator caches, 4 MiB of the idle
# console-only bot and 8 with Slack and Discord (docs/adr/027).
CMD ["node", "--max-semi-space-size=2", "--v8-pool-size=1", "src/main.ts", "start"]
