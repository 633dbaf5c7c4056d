# Shared helpers for the project's scripts; sourced, not run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK_DIR="$ROOT/.stack"
VENV="$STACK_DIR/venv"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs apt-get only when a listed command is missing, so a warm machine does no network work.
# Needs root (CI and binder run as root); elsewhere it prints what to install.
ensure_debian_packages() {
  local missing=()
  local pair cmd pkg
  for pair in "$@"; do
    cmd="${pair%%:*}"; pkg="${pair#*:}"
    command -v "$cmd" >/dev/null 2>&1 || [ -x "$cmd" ] || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    die "missing Debian packages: ${missing[*]} (install them with: sudo apt-get install -y ${missing[*]})"
  fi
  say "apt-get install ${missing[*]}"
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -q >/dev/null
    export APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
}
