# syntax=docker/dockerfile:1
# The image of one service: SERVICE names which (catalogue, leveler or notifier) and PORT its
# default API port. Build from the repository root, which is the build context:
#   docker build --build-arg SERVICE=leveler --build-arg PORT=8002 -t requisition-leveling/leveler .
# The uv workspace is installed from uv.lock exactly (--frozen); only this service, the
# shared library and their third-party dependencies end up in the image.

ARG PYTHON_IMAGE=python:3.11-slim
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.13.9

FROM ${UV_IMAGE} AS uv

FROM ${PYTHON_IMAGE} AS builder
ARG SERVICE
RUN test -n "${SERVICE}" || { echo "build with --build-arg SERVICE=<service>" >&2; exit 2; }
COPY --from=uv /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /app

# Third-party dependencies first: this layer only rebuilds when the lock file changes.
COPY pyproject.toml uv.lock ./
COPY libs/common/pyproject.toml libs/common/pyproject.toml
COPY services/${SERVICE}/pyproject.toml services/${SERVICE}/pyproject.toml
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --package leveling-${SERVICE} --no-install-workspace

# The workspace members stay where the lock file expects them, so the service finds its
# migrations/ beside its package at run time.
COPY libs/common libs/common
COPY services/${SERVICE} services/${SERVICE}
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --package leveling-${SERVICE} \
 && python -m compileall -q libs/common/src services/${SERVICE}/src \
 && ln -s /app/.venv/bin/${SERVICE} /app/.venv/bin/service

FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE
ARG PORT
RUN groupadd --system --gid 10001 leveling \
 && useradd --system --uid 10001 --gid leveling --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin leveling
# Owned by root and read-only for the service user: the container runs with a read-only
# root filesystem in Kubernetes and never writes beside its code.
COPY --from=builder /app /app
WORKDIR /app
# Each service reads only its own <SERVICE>_HOST and _PORT; the others are ignored.
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    LEVELING_ENV=production \
    LEVELING_SERVICE=${SERVICE} \
    LEVELING_SERVICE_PORT=${PORT} \
    CATALOGUE_HOST=0.0.0.0 \
    LEVELER_HOST=0.0.0.0 \
    NOTIFIER_HOST=0.0.0.0
USER 10001:10001
# The health check asks /healthz on <SERVICE>_PORT when the deployment sets it, else on PORT.
EXPOSE ${PORT}
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; port = os.environ.get(os.environ['LEVELING_SERVICE'].upper() + '_PORT', os.environ['LEVELING_SERVICE_PORT']); urllib.request.urlopen('http://127.0.0.1:' + port + '/healthz', timeout=4)"]
# `service` is the service's own command (catalogue, leveler or notifier), linked at build.
ENTRYPOINT ["service"]
CMD ["all"]
