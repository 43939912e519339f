#!/bin/sh
# Builds the AppCDS archive at image build: one training render of the plugin's own path
# (render --argocd on an app with a podSpec patch, which touches the most classes; with --output yaml,
# the default, so that it goes through picocli as discover does: a plain render skips picocli), through
# cds-archive (a static archive; see bin/cds-archive in the repository).
# Usage: cds-training.sh JAR ARCHIVE EXAMPLES_DIR   (EXAMPLES_DIR = this repo's examples/)
set -eu
jar="$1"; archive="$2"; examples="$3"
here="$(cd "$(dirname "$0")" && pwd)"
make="$here/cds-archive"                          # in the image, beside this script
[ -x "$make" ] || make="$here/../bin/cds-archive" # in the repository
(cd "$examples/argocd/pipelines" && ARGOCD_APP_NAMESPACE=layer \
  ARGOCD_APP_PARAMETERS='[{"name":"auth-mode","string":"keys"}]' \
  "$make" "$jar" "$archive" render --argocd --output yaml .)
