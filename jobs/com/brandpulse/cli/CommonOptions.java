package com.brandpulse.cli;

import com.brandpulse.common.AppConfig;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command takes: where the warehouse is and how configuration is layered. */
public class CommonOptions {
  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description = "Warehouse root (default: brandpulse.warehouse from conf, ./warehouse).")
  String warehouse;

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description = "Environment file (HOCON) with overrides of conf/brandpulse.conf.")
  File envFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Override one configuration key (repeatable), e.g. --set ingest.max-quarantine-ratio=0.1")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--no-progress",
      description =
          "No progress bar or progress lines (progress.enabled=false); the closing line is still printed.")
  boolean noProgress;

  /** Defaults → environment file → --set → typed options. */
  public AppConfig config() {
    AppConfig config = AppConfig.load(envFile, overrides, System.getenv());
    config = noProgress ? config.with("progress.enabled", false) : config;
    return warehouse == null ? config : config.with("warehouse", warehouse);
  }
}
