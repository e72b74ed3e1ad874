package dev.dvj.core.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;

/**
 * Jackson's streaming YAML parser without its object mapper. Commands that only read YAML (status
 * reading config and pointers) build their small trees ({@link YamlNode}) from it; building the
 * mapper ({@link Yaml#MAPPER}) loads some 400 more classes, about 40 ms of a cold run, so only
 * writers and JSON/table code pay for it.
 */
public final class YamlParsing {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private YamlParsing() {
    }

    public static JsonParser parser(byte[] bytes) throws IOException {
        return FACTORY.createParser(bytes);
    }
}
