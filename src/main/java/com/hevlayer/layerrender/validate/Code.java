package com.hevlayer.layerrender.validate;

/**
 * What kind of problem a {@link Problem} is: the stable name front ends decide on (the reconciler's
 * Ready reason, a KRM result's tags, machine-readable errors). The wording of a message may change
 * between releases; a code does not. Add a constant for a new kind of problem; never reuse one.
 */
public enum Code {
    /** the input could not be read as YAML, or breaks a reading limit */
    YAML_SYNTAX,
    /** a document without apiVersion/kind, or of a kind/version layer-render does not take */
    UNKNOWN_DOCUMENT,
    /** a field breaks the CRD's schema (type, format, enum, required, unknown field) */
    SCHEMA,
    /** metadata the API server would refuse (name, namespace, labels, annotations) */
    METADATA,
    /** a Pipeline names a pool the InfraRules does not define */
    UNKNOWN_POOL,
    /** InfraRules/default defines no computePools, so no Pipeline has a pool to run on */
    NO_COMPUTE_POOLS,
    /** no pool serves the Pipeline's compute class */
    NO_MATCHING_POOL,
    /** an explicit computeClass contradicts the kind of the pool the Pipeline chose */
    COMPUTE_CLASS_MISMATCH,
    /** replicas.max above the pool's maxReplicasPerWorkload */
    REPLICAS_EXCEED_POOL_CEILING,
    /** replicas.max above the platform's replica ceiling */
    REPLICAS_EXCEED_CEILING,
    /** the worker's podSpec patch is invalid, fights a rendered field, or breaks the API server's pod rules */
    INVALID_POD_SPEC,
    /** the pod breaks the namespace's Pod Security Standards level */
    POD_SECURITY,
    /** another rule of a Pipeline's spec (SPEC §2) */
    INVALID_SPEC,
    /** a push worker (worker.dispatch: push) without a usable port, or with a url layer-render cannot honour */
    INVALID_PUSH_WORKER,
    /** a rendered object would be larger than the API server accepts */
    OBJECT_TOO_LARGE,
    /** spec.schedule.cron has no wake window layer-render can write as a KEDA cron trigger */
    INVALID_SCHEDULE,
    /** a field layer-render accepts but does not act on yet (a warning) */
    UNSUPPORTED_FIELD,
    /** a VectorStore among the inputs asks for open inbound auth, which only the platform may set (a warning) */
    OPEN_AUTH_NOT_TAKEN,
    /** two documents claim the same object (or identity) */
    DUPLICATE,
    /** an InfraRules document is invalid (pools, their shapes, a second default) */
    INVALID_INFRA_RULES,
    /** a VectorStore document is invalid, or more than one claims to be the default */
    INVALID_VECTOR_STORE,
    /** a gateway setting (flag, environment variable, plugin parameter, functionConfig) has a bad value */
    INVALID_SETTING,
    /** the KRM function's input or functionConfig is not what the function takes */
    INVALID_FUNCTION_INPUT,
    /**
     * more distinct pipelineIds scale on the gateway's metrics than the gateway exports label values for
     * (a warning: the Pipelines beyond its limit read 0 and never scale up)
     */
    PIPELINE_ID_CEILING,
    /**
     * a file found in a folder holds no document with apiVersion or kind (a Helm values file, a package.json):
     * skipped (a warning)
     */
    NOT_A_MANIFEST,
}
