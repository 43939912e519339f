#!/usr/bin/env bash
# JMH: in-process cost of one Pipeline per stage (µs/op). Extra arguments go to JMH (e.g. -f 1 -wi 3 -i 5).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests test-compile   # classes only: repackaging would leave the CDS archive older than the jar
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >/dev/null
exec java -cp "target/test-classes:target/classes:$(cat target/bench.cp)" org.openjdk.jmh.Main StagesBenchmark "$@"
