#!/usr/bin/env python3
"""Writes a stream of N Pipelines (about 500 bytes each) to stdout: bench/gen.py N > input.yaml.

Deterministic for a given N. Namespaces, modes, pools and sourceRefs vary the way a platform
repository's do; every tenth Pipeline carries a small podSpec patch (a sidecar and an env var).
"""
import sys

n = int(sys.argv[1])
modes = ["autoscale", "autoscale", "autoscale", "fixed", "disabled"]
pools = [("cpu", "cpu", 32), ("cpu-large", "cpu", 8), ("gpu", "gpu", 4)]
out = []
for i in range(n):
    pool, cls, ceiling = pools[i % 3]
    mode = modes[i % 5]
    maxr = 1 + i % ceiling
    doc = f"""---
apiVersion: hevlayer.com/v1alpha1
kind: Pipeline
metadata:
  name: pipeline-{i:06d}
  namespace: team-{i % 10}
spec:
  pipelineId: queue-{i // 2:06d}
  target:
    namespace: products-{i % 50}
  sourceRef:
    kind: sqs
    queueUrl: https://sqs.us-east-1.amazonaws.com/123456789/queue-{i:06d}
  worker:
    image: ghcr.io/hev/worker-{i % 7}:1.{i % 13}.0
    computeClass: {cls}
    batchSize: {16 * (1 + i % 8)}
    timeoutSeconds: 60
"""
    if i % 10 == 0:
        doc += """    podSpec:
      containers:
        - name: worker
          env:
            - name: LOG_LEVEL
              value: info
        - name: sidecar
          image: ghcr.io/hev/sidecar:1.0.0
"""
    doc += f"""  scaling:
    pool: {pool}
    mode: {mode}
    replicas:
      min: {0 if mode == 'autoscale' else 1}
      max: {maxr}
  paused: {'true' if i % 17 == 0 else 'false'}
"""
    out.append(doc)
sys.stdout.write("".join(out))
