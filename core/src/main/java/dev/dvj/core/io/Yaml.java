package dev.dvj.core.io;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The one YAML mapper dvj uses: building a Jackson mapper costs tens of milliseconds on a cold
 * JVM, so every reader and writer of YAML shares this one (it is thread-safe once configured).
 */
public final class Yaml {
    public static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build())
            .build();

    private Yaml() {
    }
}
