/**
 * Fidelity: layer-render against the hev layer project's real CRDs (issue 11). Test data: the vendor's
 * CRD file with its licence in {@code src/test/resources/vendor/hev-layer/}; no network, no
 * {@code /work/shared}.
 *
 * <ul>
 *   <li>{@link com.hevlayer.layerrender.fidelity.VendorCrds}: the vendor's CRDs and schemas as Jackson trees.</li>
 *   <li>{@link com.hevlayer.layerrender.fidelity.ApiServer}: what the API server does to a custom object
 *       (pruning, null pruning, defaulting) and what {@code kubectl get -o yaml} shows after
 *       {@code kubectl apply}; independent of src/main.</li>
 *   <li>{@link com.hevlayer.layerrender.fidelity.VendorValidator}: the vendor API server's answer to
 *       {@code kubectl apply --validate=strict}.</li>
 *   <li>{@code CrdCompatibilityTest}: {@code layer-render crds} against the vendor's CRDs; every difference
 *       listed under {@code ## CRD differences} in docs/fidelity.md.</li>
 *   <li>{@code VendorDifferentialTest}: 1,000 generated documents judged by both; deviations only as listed
 *       under {@code ## Stricter than the CRD} / {@code ## Looser than the CRD}.</li>
 *   <li>{@code StoredFormPropertyTest}: applied and stored forms of Pipelines render the same.</li>
 * </ul>
 *
 * <pre>
 * mvn -B -ntp -q test -Dtest='com.hevlayer.layerrender.fidelity.*Test' -DskipFuzz
 * mvn -B -ntp -q test -Dtest=VendorDifferentialTest -Dproof.replay=&lt;case seed&gt;
 * mvn -B -ntp -q test -Dtest=VendorDifferentialTest,StoredFormPropertyTest -Dproof.seed=42 -Dproof.cases=5000
 * </pre>
 */
package com.hevlayer.layerrender.fidelity;
