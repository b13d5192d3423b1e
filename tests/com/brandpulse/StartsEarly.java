package com.brandpulse;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class whose work is mostly child processes (spark-submit JVMs) starts it when the run
 * begins, beside the other suites, through its static {@code startEarly()} method ({@link
 * EarlySetUps} calls it once the early set-up scripts are queued; the work goes on their thread,
 * {@link SetUpScripts#inBackground}, one piece at a time). Such classes run last ({@link
 * StartedEarlyLast}), so their tests find the work done and check what it left. The test JVM leaves
 * part of the two cores idle (planning between small Spark jobs is single-threaded), which those
 * processes use.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StartsEarly {}
