# Shared by the bash scripts in scripts/ (sourced, not run): repository root, the Python venv, messages.

PRX_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The venv with Synapse and the E2EE peers: $PRX_MATRIX_VENV if set (made absolute), else <repo>/.venv.
PRX_VENV=${PRX_MATRIX_VENV:-$PRX_ROOT/.venv}
[[ $PRX_VENV == /* ]] || PRX_VENV=$PWD/$PRX_VENV
PRX_PYTHON=$PRX_VENV/bin/python

# step: a stage starts; note: detail; die: the problem and what to do, then exit 1. All on stderr, so
# that a script's stdout stays data (scripts/synapse prints a port or JSON there).
step() { printf '==> %s\n' "$*" >&2; }
note() { printf '    %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# require_swift: swift on PATH, or the toolchain at /opt/swift put there; else what is missing.
require_swift() {
    if ! command -v swift >/dev/null; then
        [[ -x /opt/swift/usr/bin/swift ]] || die "no Swift toolchain: expected swift in PATH or at /opt/swift/usr/bin"
        PATH=/opt/swift/usr/bin:$PATH
    fi
}

require_venv() {
    [[ -x $PRX_PYTHON ]] || die "no Python venv at $PRX_VENV: run scripts/setup (or set PRX_MATRIX_VENV to an existing one)"
}
