#!/usr/bin/env bash
# The whole test suite: unit tests, then database and end-to-end tests on a real PostgreSQL
# (TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
export TZ=UTC
# Native ESM in Jest: NestJS 12 is ESM-only.
export NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning ${NODE_OPTIONS:-}"
exec npx jest "$@"
