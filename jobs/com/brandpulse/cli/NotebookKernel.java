package com.brandpulse.cli;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.logging.LogManager;

/**
 * Starts the rapaio Java kernel (3.0.1) of the notebooks as its own main class does, without a race
 * that could leave a start unanswered: bin/notebook-kernel runs this class (docs/notebooks.md has
 * the measured starts).
 *
 * <p>The kernel binds its five channels in no fixed order (a {@code Set.of}) and fills its table of
 * message handlers only after all are bound and the kernel is registered. Jupyter sends {@code
 * kernel_info_request} as soon as it launched the kernel, so when the shell channel was bound
 * first, its thread met the table still missing, died of a NullPointerException, and no request was
 * answered again (the kernel's log: {@code Exception in thread "Shell-0"
 * java.lang.NullPointerException ... "this.handlers" is null}). Here the table is in place before
 * the channels bind: a request that arrives early waits until the kernel's own table is filled,
 * then goes to it.
 *
 * <p>The kernel's classes are reached by reflection: its jar is fetched by bin/setup-notebooks next
 * to the notebooks, not a dependency of the application.
 */
public final class NotebookKernel {
  private static final String PACKAGE = "org.rapaio.jupyter.kernel.";

  private NotebookKernel() {}

  /** {@code CONNECTION_FILE}, as Jupyter passes it to the kernelspec's command. */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: NotebookKernel CONNECTION_FILE");
    }
    Path connectionFile = Path.of(args[0]);
    if (!Files.isRegularFile(connectionFile)) {
      throw new IllegalArgumentException("connection file not found: " + connectionFile);
    }
    Class<?> app = Class.forName(PACKAGE + "MainApp");
    try (InputStream logging = app.getClassLoader().getResourceAsStream("logging.properties")) {
      if (logging != null) {
        LogManager.getLogManager().readConfiguration(logging);
      }
    }
    Class<?> propertiesClass = Class.forName(PACKAGE + "core.ConnectionProperties");
    Object properties =
        Class.forName(PACKAGE + "core.Transform")
            .getMethod("fromJson", String.class, Class.class)
            .invoke(null, Files.readString(connectionFile), propertiesClass);
    Object kernel = app.getField("kernel").get(null);
    Class<?> channelsClass = Class.forName(PACKAGE + "channels.Channels");
    Object channels = channelsClass.getConstructor(propertiesClass).newInstance(properties);
    Field handlers = channelsClass.getDeclaredField("handlers");
    handlers.setAccessible(true);
    Handlers early = new Handlers(channels, handlers);
    handlers.set(channels, early);
    try {
      channelsClass.getMethod("connect", kernel.getClass()).invoke(channels, kernel);
    } catch (InvocationTargetException e) {
      // The channels could not start: most often one could not bind, a port Jupyter picked being
      // taken meanwhile. The channels already bound keep non-daemon threads alive, so the kernel
      // would sit there unanswering until Jupyter's start timeout; it ends now instead, and
      // Jupyter (or the notebook test) starts a new one on new ports.
      System.err.println(
          "notebook-kernel: could not start its channels ("
              + e.getCause()
              + "); ending so that Jupyter can start a new kernel");
      System.exit(1);
    } finally {
      early.ready.countDown();
    }
    channelsClass.getMethod("joinUntilClose").invoke(channels);
  }

  /**
   * The handler table a channel thread finds before the kernel's own: a lookup waits until {@code
   * connect} returned (the kernel's table, which replaces this one, is then complete) and reads
   * that table.
   */
  static final class Handlers extends AbstractMap<Object, Object> {
    final CountDownLatch ready = new CountDownLatch(1);
    private final Object channels;
    private final Field field;

    Handlers(Object channels, Field field) {
      this.channels = channels;
      this.field = field;
    }

    private Map<?, ?> kernels() {
      try {
        ready.await();
        Object table = field.get(channels);
        return table == this ? Map.of() : (Map<?, ?>) table;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Map.of();
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Object get(Object key) {
      return kernels().get(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Set<Entry<Object, Object>> entrySet() {
      return (Set<Entry<Object, Object>>) (Set<?>) kernels().entrySet();
    }
  }
}
