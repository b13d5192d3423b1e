package com.brandpulse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.brandpulse.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code sql} output, exactly: arrays, structs and maps as JSON (never Scala's ArraySeq), nulls,
 * and a text with a comma, quotes and a line break, in CSV (the default), JSON lines and the
 * terminal table.
 */
@Tag("fast")
class SqlOutputTest {
  /**
   * Two rows: every nested type, a null at the top and inside an array, an empty string, a date, a
   * timestamp.
   */
  static final String ROWS =
      "SELECT 1 AS id, array('a', 'b') AS tags, named_struct('x', 1, 'y', 'q') AS s,"
          + " map('k', 2) AS m, CAST(NULL AS STRING) AS n, 'a,b \"c\"\\nd' AS text, DATE '2026-09-07' AS d,"
          + " array(named_struct('at', TIMESTAMP '2026-09-07 10:00:00', 'score', 1.5D)) AS ev"
          + " UNION ALL SELECT 2, CAST(array() AS ARRAY<STRING>), CAST(NULL AS STRUCT<x: INT, y: STRING>),"
          + " CAST(map() AS MAP<STRING, INT>), 'plain', '', NULL,"
          + " array(CAST(NULL AS STRUCT<at: TIMESTAMP, score: DOUBLE>)) ORDER BY id";

  static String print(SqlOutput.Format format) {
    Dataset<Row> rows = TestSpark.get().sql(ROWS);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SqlOutput.print(rows, format, new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void csvHasJsonInItsCellsAndQuotesWhatNeedsIt() {
    assertEquals(
        """
        id,tags,s,m,n,text,d,ev
        1,"[""a"",""b""]","{""x"":1,""y"":""q""}","{""k"":2}",,"a,b ""c""
        d",2026-09-07,"[{""at"":""2026-09-07T10:00:00Z"",""score"":1.5}]"
        2,[],,{},plain,,,[null]
        """,
        print(SqlOutput.Format.CSV));
  }

  @Test
  void jsonIsOneObjectPerRow() {
    assertEquals(
        """
        {"id":1,"tags":["a","b"],"s":{"x":1,"y":"q"},"m":{"k":2},"n":null,"text":"a,b \\"c\\"\\nd","d":"2026-09-07",\
        "ev":[{"at":"2026-09-07T10:00:00Z","score":1.5}]}
        {"id":2,"tags":[],"s":null,"m":{},"n":"plain","text":"","d":null,"ev":[null]}
        """,
        print(SqlOutput.Format.JSON));
  }

  @Test
  void tableAlignsColumnsForATerminal() {
    assertEquals(
        """
        id | tags      | s               | m       | n     | text       | d          | ev
        ---+-----------+-----------------+---------+-------+------------+------------+--------------------------------------------
         1 | ["a","b"] | {"x":1,"y":"q"} | {"k":2} | NULL  | a,b "c"\\nd | 2026-09-07 | [{"at":"2026-09-07T10:00:00Z","score":1.5}]
         2 | []        | NULL            | {}      | plain |            | NULL       | [null]
        (2 rows)
        """,
        print(SqlOutput.Format.TABLE));
    assertEquals(8, SqlOutput.width("한국어 x"), "Hangul takes two columns");
  }

  @Test
  void theCommandTakesFormat() {
    String wh = TestSpark.newWarehouse("sql-format").toString();
    assertEquals(
        "{\"a\":1,\"b\":[1,2]}\n",
        command("SELECT 1 AS a, array(1, 2) AS b", "--format", "json", "--warehouse", wh));
    assertEquals(
        "a,b\n1,\"[1,2]\"\n", command("SELECT 1 AS a, array(1, 2) AS b", "--warehouse", wh));
  }

  private static String command(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      String[] all = new String[args.length + 1];
      all[0] = "sql";
      System.arraycopy(args, 0, all, 1, args.length);
      assertEquals(0, BrandPulse.commandLine().execute(all));
    } finally {
      System.setOut(old);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
