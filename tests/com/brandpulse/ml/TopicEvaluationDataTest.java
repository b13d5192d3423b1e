package com.brandpulse.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labelled evaluation data for topic models: TweetTopic JSONL, or a CSV column (negativereason).
 */
@Tag("fast")
class TopicEvaluationDataTest {
  @TempDir Path dir;

  @Test
  void csvRowsWithTheLabelColumnAreTheLabelledPosts() throws IOException {
    Path csv = dir.resolve("tweets.csv");
    // Quoted text over two lines and with a comma; rows without a reason are not labelled.
    Files.writeString(
        csv,
        "tweet_id,airline_sentiment,negativereason,text\n"
            + "1,negative,Late Flight,\"delayed again,\n3 hours\"\n"
            + "2,positive,,great crew\n"
            + "3,negative,Lost Luggage,where is my bag\n"
            + "4,neutral,,\n");
    TopicTrainJob.Labelled l = TopicTrainJob.readLabelled(csv, "negativereason");
    assertEquals(List.of("delayed again,\n3 hours", "where is my bag"), l.texts());
    assertEquals(List.of("Late Flight", "Lost Luggage"), l.labels());
    IOException e =
        assertThrows(IOException.class, () -> TopicTrainJob.readLabelled(csv, "reason"));
    assertTrue(e.getMessage().contains("needs columns \"text\" and \"reason\""), e.getMessage());
  }

  @Test
  void jsonLinesStayTheDefault() throws IOException {
    Path jsonl = dir.resolve("tt.jsonl");
    Files.writeString(
        jsonl,
        "{\"text\": \"match day\", \"label_name\": \"sports\"}\n\n{\"text\": \"new album\", \"label\": 3}\n");
    TopicTrainJob.Labelled l = TopicTrainJob.readLabelled(jsonl);
    assertEquals(List.of("match day", "new album"), l.texts());
    assertEquals(List.of("sports", "3"), l.labels());
  }
}
