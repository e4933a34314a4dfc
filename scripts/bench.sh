#!/usr/bin/env bash
# Throughput of contentlint against the minimal read + YAML + pulldown-cmark program
# (../shared/bench/floor), on corpora made by ../shared/bench/gen_corpus.py.
#   scripts/bench.sh [ARTICLES...]      (default: 1000 10000; BENCH_RUNS=3 rounds)
# Prints wall time, CPU time, peak RSS, files/s and MB/s for each program, its wall-time ratio
# to the floor on both cores (the first row) and its CPU-time ratio to the floor on one thread
# (the second row). `check` (JSON output, then the default text format and SARIF) and
# `check --fix` run without the cache; the cache-filling row is a first run with the cache (what
# a CI job that keeps no cache runs every time), the cached rows a re-run over the unchanged
# corpus (JSON, then text).
# Every program runs once per round, and each row is the median of its rounds: on a shared
# machine one run can take half as long again as the next. Last, how `check` scales from each
# size to the next (time and peak memory; `scripts/bench.sh 10000 100000` for issue #7's
# 100,000-article goal: about 900 MB of corpus, generated once). Benchmarks are never run as
# timed tests.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
if [ $# -eq 0 ]; then sizes=(1000 10000); else sizes=("$@"); fi
runs=${BENCH_RUNS:-3}
work=${BENCH_DIR:-/tmp/contentlint-bench}
mkdir -p "$work"

cargo build --release --quiet
floor=""
if [ -d "$shared/bench/floor" ]; then
  (cd "$shared/bench/floor" && cargo build --release --quiet --target-dir "$work/floor-target")
  floor="$work/floor-target/release/floor"
fi

measure() { # label, command...: prints "label wall cpu rss"
  local label=$1; shift
  /usr/bin/time -o "$work/time.txt" -f "%e %U %S %M" "$@" >/dev/null 2>&1 || true
  read -r wall user sys rss < <(tail -1 "$work/time.txt")
  echo "$label $wall $(echo "$user + $sys" | bc) $rss"
}

printf "%-28s %8s %8s %9s %10s %8s %7s %7s\n" program wall_s cpu_s rss_MB files/s MB/s wall_x cpu_x
previous=""   # "articles wall rss" of `check` on the size before, for how it scales
scaling=()
for n in "${sizes[@]}"; do
  corpus="$work/corpus-$n"
  if [ ! -d "$corpus" ]; then
    python3 "$shared/bench/gen_corpus.py" --out "$corpus" --articles "$n" --seed 1 >/dev/null
  fi
  mb=$(du -sm "$corpus/content" | cut -f1)
  # Warm the page cache: every program then reads from memory.
  cat "$corpus"/content/*/* >/dev/null 2>&1 || find "$corpus/content" -type f -exec cat {} + >/dev/null
  # Each program once per round, the rounds one after the other: a slow spell of the machine
  # falls on every program alike, and each row is the median of its rounds.
  raw="$work/runs-$n.txt"
  : >"$raw"
  for ((round = 1; round <= runs; round++)); do
    if [ -n "$floor" ]; then
      measure "floor-$n" "$floor" --parallel "$corpus" >>"$raw"
      measure "floor-one-thread-$n" "$floor" "$corpus" >>"$raw"
    fi
    measure "check-$n" target/release/contentlint check --no-config --no-cache --format json "$corpus" >>"$raw"
    # The default format (rustc-style text with source lines), and SARIF for code scanning.
    measure "check-text-$n" target/release/contentlint check --no-config --no-cache "$corpus" >>"$raw"
    measure "check-sarif-$n" target/release/contentlint check --no-config --no-cache --format sarif "$corpus" >>"$raw"
    rm -rf "$corpus-fix" && cp -r "$corpus" "$corpus-fix"
    measure "check-fix-$n" target/release/contentlint check --no-config --no-cache --fix --format json "$corpus-fix" >>"$raw"
    # A first run fills the cache; the re-run after it finds nothing changed.
    rm -rf "$work/cache-$n"
    measure "check-cache-fill-$n" target/release/contentlint check --no-config --cache-dir "$work/cache-$n" --format json "$corpus" >>"$raw"
    measure "check-cached-$n" target/release/contentlint check --no-config --cache-dir "$work/cache-$n" --format json "$corpus" >>"$raw"
    # The same in the default text format, from a cache its own first run filled (the cache
    # keeps text renderings only from text runs).
    rm -rf "$work/cache-text-$n"
    target/release/contentlint check --no-config --cache-dir "$work/cache-text-$n" "$corpus" >/dev/null || true
    measure "check-cached-text-$n" target/release/contentlint check --no-config --cache-dir "$work/cache-text-$n" "$corpus" >>"$raw"
  done
  # Each program's median wall time, CPU time and peak RSS (each column on its own), in the
  # order first measured.
  rows=()
  while read -r row; do rows+=("$row"); done < <(awk '
    { if (!($1 in n)) order[++labels] = $1; n[$1]++; wall[$1, n[$1]] = $2; cpu[$1, n[$1]] = $3; rss[$1, n[$1]] = $4 }
    function median(a, label, k,    i, j, t, v) {
      for (i = 1; i <= k; i++) v[i] = a[label, i]
      for (i = 2; i <= k; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
      return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
    }
    END { for (i = 1; i <= labels; i++) { l = order[i]; k = n[l]
      printf "%s %.2f %.2f %d\n", l, median(wall, l, k), median(cpu, l, k), median(rss, l, k) } }' "$raw")
  # Ratios to the floor: wall time to the first row's, CPU time to the floor on one thread
  # (or to the first row, without the floor).
  read -r _ base base_cpu _ <<<"${rows[0]}"
  for row in "${rows[@]}"; do
    read -r label wall cpu rss <<<"$row"
    [ "$label" = "floor-one-thread-$n" ] && base_cpu=$cpu
  done
  for row in "${rows[@]}"; do
    read -r label wall cpu rss <<<"$row"
    if [ "$label" = "check-$n" ]; then
      if [ -n "$previous" ]; then
        read -r m m_wall m_rss <<<"$previous"
        scaling+=("$(printf "check %s -> %s articles: %.1fx the articles, %.2fx the time, memory %+.1f MB (%.0f bytes per added article)" \
          "$m" "$n" "$(echo "$n / $m" | bc -l)" "$(echo "$wall / $m_wall" | bc -l)" \
          "$(echo "($rss - $m_rss) / 1024" | bc -l)" "$(echo "($rss - $m_rss) * 1024 / ($n - $m)" | bc -l)")")
      fi
      previous="$n $wall $rss"
    fi
    printf "%-28s %8s %8s %9.1f %10.0f %8.1f %7.2f %7.2f\n" "$label" "$wall" "$cpu" "$(echo "$rss / 1024" | bc -l)" \
      "$(echo "$n / $wall" | bc -l)" "$(echo "$mb / $wall" | bc -l)" "$(echo "$wall / $base" | bc -l)" \
      "$(echo "$cpu / $base_cpu" | bc -l)"
  done
done
# How `check` scales from each size to the next (issue #7: time linear, memory flat).
for line in "${scaling[@]}"; do echo "$line"; done
