package io.github.setupkeys.rule.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the build wrote about the tool ({@code setupkeys.properties}, filled in by Maven from the pom): its
 * version and where its documentation lives. Read from the class path, so a scan run from the jar and one
 * run from the build's classes say the same.
 */
record BuildInfo(String version, String documentation) {

    private static final String RESOURCE = "setupkeys.properties";

    static BuildInfo read() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path: a broken build");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new BuildInfo(required(properties, "version"), required(properties, "documentation"));
    }

    private static String required(Properties properties, String name) {
        String value = properties.getProperty(name, "");
        if (value.isBlank() || value.contains("${")) {
            throw new IllegalStateException(RESOURCE + " has no " + name + ": the build did not fill it in");
        }
        return value;
    }
}
