#!/usr/bin/env bash
# A cold render of one Pipeline (the seed's, samples/product-images.yaml) side by side with its peer,
# `kubectl kustomize` on a kustomization holding the same three rendered objects: one fresh process
# per run, the commands interleaved (bench/ab.py), medians of wall and CPU time.
#   bench/cold-start.sh                 bin/layer-render, the Argo CD sidecar's launcher, kustomize
#   BEFORE=OLD.jar bench/cold-start.sh  adds both launchers on another build of the jar (before/after)
#   JDK25=1 bench/cold-start.sh         adds JDK 25 with an AOT cache (JEP 483/515) made by one training run
#   RUNS=N (default 21)
# Prints the load average before and after: the machine is shared, so read CPU time as well as wall.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
runs=${RUNS:-21}
[ -f target/layer-render.jar ] || mvn -q -B -DskipTests package
work="$root/target/bench/cold"; rm -rf "$work"; mkdir -p "$work/app" "$work/kustomize"
cp samples/product-images.yaml "$work/app/"
bin/layer-render render "$work/app/product-images.yaml" > "$work/kustomize/rendered.yaml"
printf 'resources:\n- rendered.yaml\n' > "$work/kustomize/kustomization.yaml"
[ "$(kubectl kustomize "$work/kustomize" | grep -c '^kind:')" = 3 ] || { echo "the peer does not hold 3 objects" >&2; exit 1; }
# the sidecar's archive as its image makes it (argocd/Dockerfile), for this jar's path
argocd/cds-training.sh "$root/target/layer-render.jar" "$work/sidecar.jsa" "$root/examples" 2>/dev/null
# the sidecar runs `render --argocd .` in the application's folder, as argocd-cmp-server does
sidecar() { # JAR ARCHIVE
  echo "ARGOCD_APP_NAMESPACE=layer LAYER_RENDER_JAR=$1 LAYER_RENDER_CDS=$2 $root/argocd/layer-render render --argocd $work/app"
}
cmds=("kubectl kustomize $work/kustomize"
  "$root/bin/layer-render render $work/app/product-images.yaml"
  "$(sidecar "$root/target/layer-render.jar" "$work/sidecar.jsa")")
if [ -n "${BEFORE:-}" ]; then
  mkdir -p "$work/before"; cp "$BEFORE" "$work/before/layer-render.jar"
  bin/cds-archive "$work/before/layer-render.jar" "$work/before/layer-render.jsa" render samples 2>/dev/null
  argocd/cds-training.sh "$work/before/layer-render.jar" "$work/before/sidecar.jsa" "$root/examples" 2>/dev/null
  # bin/layer-render's flags (from the script itself), on the other jar
  flags="$(sed -n 's/^opts=(\(.*\))$/\1/p' bin/layer-render)"
  cmds+=("java $flags -XX:SharedArchiveFile=$work/before/layer-render.jsa -jar $work/before/layer-render.jar render $work/app/product-images.yaml"
    "$(sidecar "$work/before/layer-render.jar" "$work/before/sidecar.jsa")")
fi
if [ -n "${JDK25:-}" ]; then
  j25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  c1="-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -XX:-UsePerfData"
  (cd "$root/examples/argocd/pipelines" && "$j25" $c1 -XX:AOTCacheOutput="$work/c1.aot" -jar "$root/target/layer-render.jar" render samples >/dev/null 2>&1 || true)
  "$j25" $c1 -XX:AOTCacheOutput="$work/c1.aot" -jar "$root/target/layer-render.jar" render samples >/dev/null 2>&1
  "$j25" -XX:+UseSerialGC -XX:-UsePerfData -XX:AOTCacheOutput="$work/tiered.aot" -jar "$root/target/layer-render.jar" render samples >/dev/null 2>&1
  cmds+=("$j25 $c1 -XX:AOTCache=$work/c1.aot -XX:AOTMode=on -jar $root/target/layer-render.jar render $work/app/product-images.yaml"
    "$j25 -XX:+UseSerialGC -XX:-UsePerfData -XX:AOTCache=$work/tiered.aot -XX:AOTMode=on -jar $root/target/layer-render.jar render $work/app/product-images.yaml"
    "$j25 $c1 -jar $root/target/layer-render.jar render $work/app/product-images.yaml")
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/ab.py "$runs" "${cmds[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
