package io.gridwork;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The message files are appended to by many changes: a key defined twice silently takes the last text (one
 * feature's message shown for another's problem), and a key missing in English falls back to the code.
 */
class MessageKeysTests {

    private static final Path DIR = Path.of("src/main/resources");

    @ParameterizedTest
    @ValueSource(strings = {"messages.properties", "messages_en.properties"})
    void noKeyIsDefinedTwice(String file) throws IOException {
        Set<String> seen = new HashSet<>();
        Set<String> twice = new TreeSet<>();
        for (String line : Files.readAllLines(DIR.resolve(file), StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("!") || !l.contains("=")) {
                continue;
            }
            String key = l.substring(0, l.indexOf('=')).strip();
            if (!seen.add(key)) {
                twice.add(key);
            }
        }
        assertThat(twice).as("keys defined more than once in " + file).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"messages.properties"})
    void everyChineseKeyHasAnEnglishText(String file) throws IOException {
        Properties zh = load(file);
        Properties en = load("messages_en.properties");
        List<String> missing = zh.stringPropertyNames().stream().filter(k -> !en.containsKey(k)).sorted().toList();
        assertThat(missing).as("keys without an English text").isEmpty();
    }

    private static Properties load(String file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(DIR.resolve(file), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }
}
