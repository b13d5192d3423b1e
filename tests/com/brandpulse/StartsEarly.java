package com.brandpulse;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class whose work is mostly child processes (spark-submit JVMs) starts it when the run
 * begins, beside the other suites, through its static {@code startEarly()} method ({@link
 * EarlySetUps} calls it once the early set-up scripts are queued); its tests then wait for that
 * work and check what it left. The test JVM leaves part of the two cores idle (planning between
 * small Spark jobs is single-threaded), which those processes use.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StartsEarly {}
