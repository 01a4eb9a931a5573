package io.github.setupkeys.it.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a running {@link MotoServer}: one per test JVM (started on first use, stopped when the run
 * ends), reset before every test so that tests do not see each other's users (or once per class, with
 * {@link ResetMotoOncePerClass}).
 */
public final class MotoExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        MotoServer server = server(context);
        if (oncePerClass(context)) {
            server.reset();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!oncePerClass(context)) {
            server(context).reset();
        }
    }

    private static boolean oncePerClass(ExtensionContext context) {
        return context.getRequiredTestClass().isAnnotationPresent(ResetMotoOncePerClass.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** The JVM's server; the root store closes it (it is {@link AutoCloseable}) after the last test. */
    private static MotoServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(MotoServer.class, key -> MotoServer.start(), MotoServer.class);
    }
}
