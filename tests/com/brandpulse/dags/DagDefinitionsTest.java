package com.brandpulse.dags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.brandpulse.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Airflow DAGs, loaded on the stand-in for the Airflow API (tests/dags, standard library only):
 * task graphs, settings and the nightly spark-submit command lines. Runs without Spark, so it stays
 * in the suite while {@link DagCommandLinesTest} (those command lines through spark-submit) is run
 * on its own.
 */
@Tag("fast")
class DagDefinitionsTest {
  @Test
  void theDagsLoadAndTheirTestsPass() throws Exception {
    Path out =
        Files.createTempDirectory(TestSpark.projectRoot().resolve("target"), "dag-commands-");
    ProcessBuilder pb =
        new ProcessBuilder("python3", "-m", "unittest", "discover", "-v", "-s", "tests/dags")
            .directory(TestSpark.projectRoot().toFile())
            .redirectErrorStream(true);
    pb.environment().put("BRANDPULSE_DAG_COMMANDS_OUT", out.toString());
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "python3 -m unittest did not finish");
    assertEquals(0, p.exitValue(), "the DAG tests failed:\n" + output);
    assertTrue(output.contains("OK"), output);
    String nightly = Files.readString(out.resolve("brandpulse_nightly.json"));
    for (String command :
        new String[] {"ingest", "enrich", "score", "aggregate", "alert", "publish"}) {
      assertTrue(
          nightly.contains("\"" + command + "\""),
          "nightly command lines lack " + command + ": " + nightly);
    }
  }
}
