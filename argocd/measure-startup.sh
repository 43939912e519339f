#!/usr/bin/env bash
# Measures the plugin's cold start: `layer-render render --argocd .` in an application folder with
# Argo CD's environment, one fresh JVM per run, as argocd-cmp-server runs it. Compares a plain
# `java -jar` with the sidecar launcher (argocd/layer-render: C1 only, serial GC, AppCDS archive made
# by argocd/cds-training.sh, as in the Dockerfile). Needs hyperfine (apt-get install hyperfine).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/target/layer-render.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -DskipTests package)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/argocd/cds-training.sh" "$jar" "$work/layer-render.jsa" "$root/examples"
# plugin.yaml's discover command, as written there (the folded scalar joined into one line)
sed -n '/- >-/,/discover \.$/p' "$root/argocd/plugin.yaml" | tail -n +2 | sed 's/^ *//' | tr '\n' ' ' > "$work/discover.sh"
cd "$root/examples/argocd/pipelines"
export ARGOCD_APP_NAMESPACE=layer ARGOCD_APP_PARAMETERS='[{"name":"auth-mode","string":"keys"}]'
export LAYER_RENDER_JAR="$jar"
hyperfine -N --warmup 2 --runs "${RUNS:-20}" --export-markdown "${OUT:-/dev/stdout}" \
  -n "java -jar (JVM defaults)" "java -jar $jar render --argocd ." \
  -n "sidecar launcher, no CDS archive" "env LAYER_RENDER_CDS=/nonexistent $root/argocd/layer-render render --argocd ." \
  -n "sidecar launcher + AppCDS (as in the image)" "env LAYER_RENDER_CDS=$work/layer-render.jsa $root/argocd/layer-render render --argocd ." \
  -n "discover, a folder without hevlayer.com (grep, no JVM)" "sh -c 'cd $root/examples/argocd/plain && sh $work/discover.sh'" \
  -n "discover, a folder of Pipelines (grep, then layer-render discover + AppCDS)" \
     "env PATH=$root/argocd:$PATH LAYER_RENDER_CDS=$work/layer-render.jsa sh $work/discover.sh"
