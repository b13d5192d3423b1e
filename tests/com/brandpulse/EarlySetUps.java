package com.brandpulse;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
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
 * declare with {@link SetUpScripts.Needs}, in the plan's order, then the work of the classes marked
 * {@link StartsEarly} (registered through
 * META-INF/services/org.junit.platform.launcher.TestExecutionListener). A plan without them (a
 * focused run, the fast profile) starts nothing.
 */
public final class EarlySetUps implements TestExecutionListener {
  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    Set<String> scripts = new LinkedHashSet<>();
    Set<Class<?>> early = new LinkedHashSet<>();
    for (TestIdentifier root : plan.getRoots()) {
      for (TestIdentifier id : plan.getDescendants(root)) {
        id.getSource()
            .flatMap(EarlySetUps::element)
            .map(e -> e.getAnnotation(SetUpScripts.Needs.class))
            .ifPresent(needs -> scripts.addAll(List.of(needs.value())));
        id.getSource()
            .filter(ClassSource.class::isInstance)
            .map(s -> ((ClassSource) s).getJavaClass())
            .filter(c -> c.isAnnotationPresent(StartsEarly.class))
            .ifPresent(early::add);
      }
    }
    if (!scripts.isEmpty()) {
      System.out.println("set-up scripts started early: " + String.join(", ", scripts));
      scripts.forEach(SetUpScripts::startEarly);
    }
    for (Class<?> c : early) {
      System.out.println("started early: " + c.getSimpleName());
      try {
        Method start = c.getDeclaredMethod("startEarly");
        start.setAccessible(true);
        start.invoke(null);
      } catch (ReflectiveOperationException e) {
        // the class's own tests start the work when they run, and fail there if it cannot start
        System.out.println("could not start " + c.getSimpleName() + " early: " + e);
      }
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
