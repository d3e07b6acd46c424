#!/usr/bin/env bash
# Prints the path of a Prometheus server binary, installing Debian's `prometheus` package first when
# there is none (root and apt-get needed; ~20 s). Used by samples' MetricsServicePrometheusIT, which
# starts the server itself on 127.0.0.1 with its own configuration (the package's service is not
# started). FLOE_PROMETHEUS may name a binary to use instead.
set -euo pipefail
if [ -n "${FLOE_PROMETHEUS:-}" ]; then echo "$FLOE_PROMETHEUS"; exit 0; fi
if command -v prometheus >/dev/null 2>&1; then command -v prometheus; exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "prometheus is not installed and cannot be installed here (needs root and apt-get):" \
       "install Debian's prometheus package or set FLOE_PROMETHEUS" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends prometheus >/dev/null 2>&1 \
  || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends prometheus >/dev/null 2>&1; }
command -v prometheus
