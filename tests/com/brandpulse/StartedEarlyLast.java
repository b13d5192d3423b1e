package com.brandpulse;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The run's class order (junit-platform.properties): the classes marked {@link StartsEarly} last,
 * the others as the build passes them. Their work runs beside the other suites from the start, so
 * by the time their tests come it is done, and they only check it.
 */
public final class StartedEarlyLast implements ClassOrderer {
  @Override
  public void orderClasses(ClassOrdererContext context) {
    context
        .getClassDescriptors()
        .sort(Comparator.comparingInt(d -> d.isAnnotated(StartsEarly.class) ? 1 : 0));
  }
}
