#!/usr/bin/env python3
"""Where a cold render's CPU goes: bench/cold-profile.py [RUNS] [FILE]

Runs bench/ColdPhases (one render on one thread, no warm-up thread) RUNS times (default 8), each in a
fresh JVM with bin/layer-render's flags, the start-up archive and JFR sampling Java stacks every 1 ms,
then adds the samples of the main thread up by phase (the ColdPhases step on the stack) and by call
site (the innermost layer-render frame and what it called). Needs target/layer-render.jar and
target/layer-render.jsa (mvn package) and target/test-classes (mvn test-compile).
"""
import collections
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 8
file = sys.argv[2] if len(sys.argv) > 2 else "samples/product-images.yaml"
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
java_home = subprocess.run(["sh", "-c", "dirname $(dirname $(readlink -f $(command -v java)))"],
                           capture_output=True, text=True).stdout.strip()
work = tempfile.mkdtemp(prefix="cold-profile-")
jfc = open(os.path.join(java_home, "lib/jfr/profile.jfc")).read()
jfc = re.sub(r'(<setting name="period" control="method-sampling-java-interval">)[^<]*(</setting>)',
             r"\g<1>1 ms\g<2>", jfc)
open(os.path.join(work, "fast.jfc"), "w").write(jfc)
flags = re.search(r"^opts=\((.*)\)$", open("bin/layer-render").read(), re.M).group(1).split()
for i in range(runs):
    subprocess.run(["java", *flags, "-XX:SharedArchiveFile=target/layer-render.jsa",
                    "-XX:StartFlightRecording:filename=%s/r%d.jfr,settings=%s/fast.jfc" % (work, i, work),
                    "-cp", "target/layer-render.jar:target/test-classes",
                    "com.hevlayer.layerrender.bench.ColdPhases", file],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
phase, site, total = collections.Counter(), collections.Counter(), 0
for f in sorted(glob.glob(work + "/r*.jfr")):
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", "--stack-depth", "96", f],
                         capture_output=True, text=True, check=True).stdout
    for e in json.loads(out)["recording"]["events"]:
        names = [(x["method"]["type"]["name"] + "." + x["method"]["name"]).replace("/", ".")
                 for x in e["values"]["stackTrace"]["frames"]]
        main = [k for k, n in enumerate(names) if n.endswith("ColdPhases.main")]
        if not main:
            continue
        total += 1
        phase[names[main[0] - 1] if main[0] > 0 else "ColdPhases.main"] += 1
        for k, n in enumerate(names):
            if n.startswith("com.hevlayer"):
                site[n + "  ->  " + (names[k - 1] if k > 0 else "(itself)")] += 1
                break
print("%d samples of the main thread in %d runs (1 ms sampling)" % (total, runs))
print("\nby phase:")
for c, n in phase.most_common(12):
    print("%5d %5.1f %%  %s" % (n, 100 * n / total, c))
print("\nby call site (innermost layer-render frame -> what it called):")
for c, n in site.most_common(20):
    print("%5d %5.1f %%  %s" % (n, 100 * n / total, c))
