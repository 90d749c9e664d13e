#!/usr/bin/env bash
# The HTTP benchmarks alone (the name the issues use): GET /healthz and rejected signatures, checktick-jobs
# side by side with nginx and adnanh/webhook in one run. The same as `bench/run --scenarios 1,2`; any other
# bench/run option passes through (e.g. --quick, --no-static, --duration 20).
set -euo pipefail
exec "$(dirname "$0")/run" --scenarios 1,2 "$@"
