#!/usr/bin/env bash
# Whole-process cost of `layer-render diff` against two renders (issue 18, item 4).
#   bench/diff.sh [N] [RUNS]     default N=1000 Pipelines, RUNS=7
# The old side is bench/gen.py N; the new side the same with every 20th worker image bumped and every
# 50th Pipeline switched to mode: fixed (its KEDA objects go). Runs alternate (render+render, diff) so
# that a loaded machine slows both alike; prints the medians and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}; runs=${2:-7}
work=target/bench; mkdir -p "$work"
[ -f target/layer-render.jar ] || mvn -q -B -DskipTests package
old="$work/diff-old-$n.yaml"; new="$work/diff-new-$n.yaml"
python3 bench/gen.py "$n" > "$old"
python3 - "$old" "$new" <<'PY'
import re, sys
docs = open(sys.argv[1]).read().split("---\n")
out = []
for i, d in enumerate(x for x in docs if x.strip()):
    if i % 20 == 0:
        d = re.sub(r"(image: \S+):(\S+)", r"\1:\2-next", d, count=1)
    if i % 50 == 0:
        d = re.sub(r"mode: \w+", "mode: fixed", d, count=1)
    out.append(d)
open(sys.argv[2], "w").write("".join("---\n" + d for d in out))
PY
python3 - "$runs" "$old" "$new" <<'PY'
import statistics, subprocess, sys, time
runs, old, new = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def timed(cmds, ok=(0,)):
    t = time.perf_counter()
    for c in cmds:
        r = subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert r.returncode in ok, (c, r.returncode)
    return time.perf_counter() - t
render = lambda p: ["bin/layer-render", "render", p]
two, diff = [], []
timed([render(old)]); timed([["bin/layer-render", "diff", old, new]], ok=(1,))  # warm the page cache
for _ in range(runs):
    two.append(timed([render(old), render(new)]))
    diff.append(timed([["bin/layer-render", "diff", old, new]], ok=(1,)))
a, b = statistics.median(two), statistics.median(diff)
print(f"two renders: {a:.2f} s   diff: {b:.2f} s   diff / two renders: {b / a:.2f}")
PY
