# Small-Cap Monitor: the app under gunicorn, with Debian's Chromium for server-side PNG export.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    BROWSER_PATH=/usr/bin/chromium \
    SMALLCAP_CACHE_DIR=/var/cache/smallcap-monitor \
    SMALLCAP_STATE_DIR=/var/lib/smallcap-monitor \
    SMALLCAP_DATA=auto \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    ARROW_DEFAULT_MEMORY_POOL=system

RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY app.py config.py state.py gunicorn.conf.py ./
COPY cli ./cli
COPY analytics ./analytics
COPY callbacks ./callbacks
COPY panels ./panels
COPY server ./server
COPY components ./components
COPY loaders ./loaders
COPY assets ./assets
RUN pip install --no-cache-dir -e . \
 && useradd --create-home --uid 10001 smallcap \
 && mkdir -p /var/cache/smallcap-monitor /var/lib/smallcap-monitor \
 && chown smallcap /var/cache/smallcap-monitor /var/lib/smallcap-monitor
USER smallcap

EXPOSE 8050
# Mount a data folder and set SMALLCAP_DATA=/data to use it; set SMALLCAP_REDIS_URL to share a cache.
CMD ["gunicorn", "--workers", "2", "--threads", "4", "--timeout", "120", "--bind", "0.0.0.0:8050", "app:server"]
