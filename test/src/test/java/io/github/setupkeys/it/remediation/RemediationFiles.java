package io.github.setupkeys.it.remediation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Where the remediation's files are: the document (which the CDK stack loads too), the vectors, the harness. */
final class RemediationFiles {

    static final String DOCUMENT = "remediation-ssm/iam-user-setup-keys-remediation.yaml";
    static final String VECTORS = "rule/src/test/resources/predicate-vectors.json";
    static final String EXEMPT_TAG_VECTORS = "rule/src/test/resources/exempt-tag-vectors.json";
    static final String HARNESS = "test/src/test/python/automation_harness.py";

    private RemediationFiles() {
    }

    static Path inRepo(String file) {
        Path path = Path.of(System.getProperty("setupkeys.repo.root", "..")).resolve(file).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("missing " + path);
        }
        return path;
    }

    /** The document as YAML maps, lists and scalars (safe loading: no tags, no objects). */
    static Map<String, Object> document() {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(inRepo(DOCUMENT)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + DOCUMENT + ": " + e.getMessage(), e);
        }
    }
}
