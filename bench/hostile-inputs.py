#!/usr/bin/env python3
"""Writes the hostile inputs of docs/hostile-input-parsing.md ("Measured") into a folder.

    python3 bench/hostile-inputs.py /tmp/hostile
    for f in /tmp/hostile/*.yaml; do /usr/bin/time -f "$f %U %S %e %M" bin/layer-render validate "$f" >/dev/null; done
"""
import os
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "hostile"
os.makedirs(out, exist_ok=True)


def w(name, text):
    with open(os.path.join(out, name), "w") as f:
        f.write(text)


MiB = 1024 * 1024
for mb in (1, 4, 16, 60):
    w(f"scalar{mb}.yaml", "k: " + "x" * (mb * MiB) + "\n")
w("longkey16.yaml", "? " + "k" * (16 * MiB) + "\n: 1\n")
w("keylist.yaml", "top:\n  ? " + "k" * 1_000_000 + "\n  :\n" + "  - 1\n" * 150_000)
w("alias100.yaml", "apiVersion: hevlayer.com/v1alpha1\nkind: Pipeline\nmetadata: {name: a, namespace: n}\nspec:\n"
  "  target: {namespace: t}\n  worker: {image: i}\n  scaling: {mode: fixed, replicas: {min: 1, max: 1}}\n"
  "  sourceRef:\n    x: &a \"" + "y" * 1_000_000 + "\"\n    z: [" + ",".join(["*a"] * 100) + "]\n")
w("deep.yaml", "a: " + "[" * 5_000_000 + "]" * 5_000_000 + "\n")
w("nodes.yaml", "list:\n" + "- x\n" * 16_000_000)
w("bignum.yaml", "n: " + "9" * 1_000_000 + "\n")
