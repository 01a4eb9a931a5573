package io.github.setupkeys.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a test class using {@link MotoExtension}: reset moto once before the class rather than before each
 * test, so that tests can share an expensive population seeded in {@code @BeforeAll}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ResetMotoOncePerClass {
}
