package com.brandpulse.common;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Counters that executors add to (files read, records cut), as far as they have got: a {@link
 * LongAccumulator}'s value on the driver only grows when a task ends, so a stage of a few long
 * tasks would show nothing for minutes. Executors' heartbeats (every
 * spark.executor.heartbeatInterval, 10 s by default) carry the running tasks' partial values: this
 * listener keeps the latest of each and adds them to the finished tasks' total.
 */
final class RunningCounts extends SparkListener {
  /** accumulator id → running task id → its partial value. */
  private final Map<Long, Map<Long, Long>> running = new ConcurrentHashMap<>();

  /** Starts following {@code accumulator}'s running tasks. */
  void follow(LongAccumulator accumulator) {
    running.putIfAbsent(accumulator.id(), new ConcurrentHashMap<>());
  }

  /** Finished tasks' total plus what running ones reported so far. */
  long value(LongAccumulator accumulator) {
    Map<Long, Long> partial = running.getOrDefault(accumulator.id(), Map.of());
    return accumulator.value() + partial.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task :
        CollectionConverters.asJava(update.accumUpdates())) {
      long taskId = (Long) task._1();
      for (AccumulableInfo info : CollectionConverters.asJava(task._4())) {
        Map<Long, Long> partial = running.get(info.id());
        if (partial != null
            && info.update().isDefined()
            && info.update().get() instanceof Long value) {
          partial.put(taskId, value);
        }
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    // Its value is in the accumulator now (or lost with a failed attempt, whose retry counts
    // again).
    long taskId = end.taskInfo().taskId();
    running.values().forEach(partial -> partial.remove(taskId));
  }
}
