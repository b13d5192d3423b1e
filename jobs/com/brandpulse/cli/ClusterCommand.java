package com.brandpulse.cli;

import com.brandpulse.cluster.StandaloneCluster;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code brandpulse cluster start|stop|status}: a Spark standalone master and workers on 127.0.0.1
 * from the jars bin/brandpulse runs on (conf cluster.*). Submit to it with
 * BRANDPULSE_MASTER=spark://127.0.0.1:7077.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "A Spark standalone cluster on this machine (cluster.* in conf: a master and cluster.workers",
      "workers), for running the jobs as on a real cluster: BRANDPULSE_MASTER=spark://127.0.0.1:7077 bin/brandpulse ..."
    },
    subcommands = {
      ClusterCommand.Start.class,
      ClusterCommand.Stop.class,
      ClusterCommand.Status.class
    })
public final class ClusterCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required: start, stop or status");
  }

  static Path dir(CommonOptions common) {
    return Path.of(common.config().get().getString("cluster.dir")).toAbsolutePath();
  }

  static void print(StandaloneCluster.Status s) {
    System.out.printf(
        "cluster: master %s, web UI %s, %d worker(s) registered; daemons %s%n",
        s.masterUrl(), s.webUi(), s.aliveWorkers(), s.daemons());
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Start the master and the workers (no-op when up).")
  public static final class Start implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
      Config c = common.config().get().getConfig("cluster");
      StandaloneCluster.Settings settings =
          new StandaloneCluster.Settings(
              dir(common),
              c.getString("host"),
              c.getInt("master-port"),
              c.getInt("webui-port"),
              c.getInt("workers"),
              c.getInt("worker-cores"),
              c.getString("worker-memory"),
              StandaloneCluster.classPathJars(),
              StandaloneCluster.java17Flags());
      StandaloneCluster.Status s =
          StandaloneCluster.start(settings, c.getDuration("start-timeout"));
      print(s);
      System.out.printf(
          "submit with: BRANDPULSE_MASTER=%s bin/brandpulse <command> (it adds %s); logs in %s%n",
          s.masterUrl(),
          StandaloneCluster.submitConf(settings.dir()),
          settings.dir().resolve("logs"));
      return 0;
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stop the daemons started by cluster start.")
  public static final class Stop implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
      System.out.println("cluster: stopped " + StandaloneCluster.stop(dir(common)));
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Exit 0 when every daemon runs, else 3.")
  public static final class Status implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
      StandaloneCluster.Status s = StandaloneCluster.status(dir(common));
      print(s);
      return s.up() ? 0 : 3;
    }
  }
}
