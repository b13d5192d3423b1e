package com.brandpulse;

import java.lang.reflect.AnnotatedElement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts, when a test run begins, the set-up scripts that the classes and methods in its plan
 * declare with {@link SetUpScripts.Needs}, in the plan's order (registered through
 * META-INF/services/org.junit.platform.launcher.TestExecutionListener). A plan without them (a
 * focused run, the fast profile) starts nothing.
 */
public final class EarlySetUps implements TestExecutionListener {
  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    Set<String> scripts = new LinkedHashSet<>();
    for (TestIdentifier root : plan.getRoots()) {
      for (TestIdentifier id : plan.getDescendants(root)) {
        id.getSource()
            .flatMap(EarlySetUps::element)
            .map(e -> e.getAnnotation(SetUpScripts.Needs.class))
            .ifPresent(needs -> scripts.addAll(List.of(needs.value())));
      }
    }
    if (!scripts.isEmpty()) {
      System.out.println("set-up scripts started early: " + String.join(", ", scripts));
      scripts.forEach(SetUpScripts::startEarly);
    }
  }

  private static Optional<AnnotatedElement> element(TestSource source) {
    if (source instanceof ClassSource c) {
      return Optional.of(c.getJavaClass());
    }
    if (source instanceof MethodSource m) {
      return Optional.of(m.getJavaMethod());
    }
    return Optional.empty();
  }
}
