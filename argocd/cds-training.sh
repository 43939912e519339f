#!/bin/sh
# Builds the AppCDS archive: runs the paths the plugin takes (render --argocd on a valid and an invalid
# app, krm) once with -XX:ArchiveClassesAtExit so every class they load is in the archive.
# Usage: cds-training.sh JAR ARCHIVE EXAMPLES_DIR   (EXAMPLES_DIR = this repo's examples/)
set -eu
jar="$1"; archive="$2"; examples="$3"
run() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:ArchiveClassesAtExit="$archive" -jar "$jar" "$@"; }
rm -f "$archive"
# One JVM per archive: the last run's classes are what -XX:ArchiveClassesAtExit keeps, so train on a
# render that touches the most (a podSpec patch compiles the upstream Deployment schema).
(cd "$examples/argocd/pipelines" && ARGOCD_APP_NAMESPACE=layer \
  ARGOCD_APP_PARAMETERS='[{"name":"auth-mode","string":"keys"}]' run render --argocd . >/dev/null)
test -s "$archive"
