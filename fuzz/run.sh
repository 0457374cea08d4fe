#!/usr/bin/env bash
# Builds the fuzz target with libFuzzer's coverage instrumentation on the stable toolchain (the
# flags cargo-fuzz passes, without a sanitizer) and runs it for $1 seconds (default 300), seeded
# with the project's specs and fixtures. Findings land in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-300}"
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
  -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
  -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
# An explicit --target keeps the instrumentation out of build scripts and proc macros.
cargo build --release --bin generate --target x86_64-unknown-linux-gnu
mkdir -p corpus artifacts
cp ../specs/*.yaml ../generator/tests/fixtures/*.yaml ../generator/tests/bad/* ../generator/tests/hostile/*.yaml corpus/ 2>/dev/null || true
./target/x86_64-unknown-linux-gnu/release/generate corpus -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -artifact_prefix=artifacts/ -print_final_stats=1
