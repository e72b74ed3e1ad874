package dev.dvj.core.pipeline;

/**
 * A parameter a stage reads: one dotted key of a params file, or (with a null key) the whole file.
 *
 * @param file repository-relative path of the params file ({@code params.yaml} by default)
 */
public record ParamRef(String file, String key) {
}
