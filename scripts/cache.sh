# Sourced by scripts/setup, scripts/test, scripts/demo, scripts/flow: where builds and tools
# are kept between runs, outside the checkout, so that a fresh clone (CI's, or a second
# worktree) reuses what an earlier run compiled and installed, the way Rust CI caches do.
#
#   $KIRIWAKE_CACHE        default ${XDG_CACHE_HOME:-$HOME/.cache}/kiriwake: this project's
#                          own cache root, never shared with other projects
#   target-<rustc>-<lock>  CARGO_TARGET_DIR, keyed by the toolchain (`rustc -vV`) and
#                          Cargo.lock. A new key starts from the newest target directory of
#                          the same toolchain (cargo rebuilds only what changed, as a
#                          restore-key does); target directories no build is using are
#                          removed, so one is kept.
#   venv-<name>-<reqs>     the Python tool venvs, keyed by their requirements file;
#                          `.venv*` in the checkout are symbolic links to them.
#
# Runs on one machine may overlap: choosing and pruning happen under a lock, and a target
# directory a cargo build holds (its `.cargo-lock`) is neither moved nor removed.
# A CARGO_TARGET_DIR set by the caller wins. Nothing here needs the network.

KIRIWAKE_CACHE="${KIRIWAKE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kiriwake}"
export KIRIWAKE_CACHE
mkdir -p "$KIRIWAKE_CACHE"

kiriwake_hash() { sha256sum | cut -c1-12; }

# Whether a run uses this target directory now: a script that sourced this file (it holds
# `.run` shared until it exits) or a cargo build (its `.cargo-lock`).
kiriwake_in_use() {
  local lock
  flock -n "$1/.run" true 2>/dev/null || return 0
  while IFS= read -r lock; do
    flock -n "$lock" true 2>/dev/null || return 0
  done < <(find "$1" -maxdepth 3 -name .cargo-lock 2>/dev/null)
  return 1
}

if [ -z "${CARGO_TARGET_DIR:-}" ]; then
  exec {kiriwake_lock}>"$KIRIWAKE_CACHE/.lock"
  flock "$kiriwake_lock"
  kiriwake_toolchain="$(rustc -vV | kiriwake_hash)"
  kiriwake_target="$KIRIWAKE_CACHE/target-$kiriwake_toolchain-$(kiriwake_hash <"$(dirname "${BASH_SOURCE[0]}")/../Cargo.lock")"
  if [ ! -d "$kiriwake_target" ]; then
    # The newest directory of this toolchain, unless a build is using it or it has grown
    # past 40 GB of stale artifacts (then start from nothing rather than carry them on).
    kiriwake_previous="$(ls -dt "$KIRIWAKE_CACHE/target-$kiriwake_toolchain-"* 2>/dev/null | head -n1 || true)"
    if [ -n "$kiriwake_previous" ] && ! kiriwake_in_use "$kiriwake_previous" &&
      [ "$(du -s --block-size=1G "$kiriwake_previous" | cut -f1)" -lt 40 ]; then
      echo "cache: $(basename "$kiriwake_previous") becomes $(basename "$kiriwake_target") (Cargo.lock changed)" >&2
      mv "$kiriwake_previous" "$kiriwake_target"
    fi
  fi
  # One target directory at a time: the others are stale, unless a build is using them.
  for kiriwake_old in "$KIRIWAKE_CACHE"/target-*; do
    if [ -d "$kiriwake_old" ] && [ "$kiriwake_old" != "$kiriwake_target" ] &&
      ! kiriwake_in_use "$kiriwake_old"; then
      rm -rf "$kiriwake_old" || echo "cache: could not remove $kiriwake_old" >&2
    fi
  done
  mkdir -p "$kiriwake_target"
  # The workspace's own crates hold the absolute path of the checkout they were built in
  # (`env!("CARGO_MANIFEST_DIR")`: tests read the sources and the template through it), and
  # cargo, which compares a package's sources by their paths inside the package, calls them
  # fresh in another checkout whose files are older than the build. So when the checkout
  # changes, they are rebuilt (a fresh clone rebuilds them anyway: its files are new).
  kiriwake_checkout="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
  kiriwake_built_in="$(cat "$kiriwake_target/.checkout" 2>/dev/null || echo "an unrecorded checkout")"
  if [ "$kiriwake_built_in" != "$kiriwake_checkout" ]; then
    if kiriwake_in_use "$kiriwake_target"; then
      echo "cache: $kiriwake_target was built in $kiriwake_built_in and another run is using it: its workspace crates may name that checkout" >&2
    else
      echo "cache: built in $kiriwake_built_in, now $kiriwake_checkout: the workspace's crates are rebuilt" >&2
      if (cd "$kiriwake_checkout" && CARGO_TARGET_DIR="$kiriwake_target" cargo clean --workspace --offline --quiet); then
        printf '%s\n' "$kiriwake_checkout" >"$kiriwake_target/.checkout"
      else
        echo "cache: could not clean the workspace's crates in $kiriwake_target" >&2
      fi
    fi
  fi
  # Held (shared) until the sourcing script exits: no other run cleans or removes this
  # directory under it, even between its cargo commands.
  exec {kiriwake_run}>"$kiriwake_target/.run"
  flock -s "$kiriwake_run"
  touch "$kiriwake_target" # newest first, for the next key change
  export CARGO_TARGET_DIR="$kiriwake_target"
  exec {kiriwake_lock}>&-
fi
