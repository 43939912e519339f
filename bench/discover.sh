#!/usr/bin/env bash
# Whole-process cost of the Argo CD plugin's discover step (argocd/plugin.yaml), one fresh process per
# run as argocd-cmp-server runs it: the command exactly as plugin.yaml writes it (the folded scalar joined
# into one line), in an application folder without hevlayer.com (grep only, no JVM) and in folders of
# Pipelines (grep, then `layer-render discover --argocd .` through the sidecar launcher, with and without the
# AppCDS archive the image makes). Interleaved rounds, medians: bench/ab.py. Usage: bench/discover.sh [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/target/layer-render.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -DskipTests package)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/argocd/cds-training.sh" "$jar" "$work/layer-render.jsa" "$root/examples" >/dev/null
sed -n '/- >-/,/layer-render discover.* \.$/p' "$root/argocd/plugin.yaml" | tail -n +2 | sed 's/^ *//' | tr '\n' ' ' > "$work/discover.sh"
apps="$root/examples/argocd"
launcher="PATH=$root/argocd:$PATH LAYER_RENDER_JAR=$jar"
# each command once by hand first: a discover that does not answer as Argo CD expects is no benchmark
test -z "$(cd "$apps/plain" && sh "$work/discover.sh" || true)"
test -n "$(cd "$apps/pipelines" && env PATH="$root/argocd:$PATH" LAYER_RENDER_JAR="$jar" sh "$work/discover.sh")"
exec "$root/bench/ab.py" "${1:-30}" \
  "env -C $apps/plain sh $work/discover.sh" \
  "env -C $apps/pipelines $launcher LAYER_RENDER_CDS=$work/layer-render.jsa sh $work/discover.sh" \
  "env -C $apps/mixed $launcher LAYER_RENDER_CDS=$work/layer-render.jsa sh $work/discover.sh" \
  "env -C $apps/pipelines $launcher LAYER_RENDER_CDS=/nonexistent sh $work/discover.sh"
