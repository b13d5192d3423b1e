import json, sys
src = json.load(open('/work/main/notebooks/01-explore-warehouse.ipynb'))
setup_md = src['cells'][1]
setup = src['cells'][2]
meta = src['metadata']
def md(t): return {"cell_type":"markdown","metadata":{},"source":t.strip("\n").splitlines(True)}
def code(t): return {"cell_type":"code","metadata":{},"execution_count":None,"outputs":[],"source":t.strip("\n").splitlines(True)}
def write(name, cells):
    nb={"cells":cells,"metadata":meta,"nbformat":src['nbformat'],"nbformat_minor":src['nbformat_minor']}
    json.dump(nb, open('/work/main/notebooks/'+name,'w'), indent=1, ensure_ascii=False)
    open('/work/main/notebooks/'+name,'a').write("\n")

write("02-sentiment-variants.ipynb", [
md("""
# Sentiment: compare variants and register a candidate

How a data scientist tries a change to the English sentiment model before the nightly job uses it:
load the labelled data, train two feature variants on the same rows, compare them on the same held-out
posts with the metric the project publishes (macro-averaged recall), and register the better one in
`ml.model_registry` as a **candidate**. Only `bin/brandpulse models promote` (or a training run that
beats the champion) makes a candidate the champion that scoring applies.

Labelled data comes from `../shared/data` (SemEval 2017 task 4A for training, TweetEval's validation
split for evaluation); set `BRANDPULSE_SHARED_DATA` if it lives elsewhere. To keep the notebook quick it
trains on a sample; `bin/brandpulse train-sentiment --lang en` trains on everything with the search.
"""),
setup_md, setup,
md("""
## Labelled posts

`labels import` loads published data sets into `ml.labelled_posts` (idempotent: importing twice changes
nothing). TweetEval's validation tweets are SemEval tweets, so training leaves out every text that also
occurs in the evaluation data.
"""),
code("""
import com.brandpulse.ml.LabelsImportJob;
import com.brandpulse.ml.SentimentTrainJob;
import com.brandpulse.ml.SentimentTraining;
import com.brandpulse.ml.SentimentFeaturizer;
import com.brandpulse.ml.SentimentModel;
import com.brandpulse.ml.ClassificationMetrics;
import com.brandpulse.ml.ModelRegistry;

String data = System.getenv().getOrDefault("BRANDPULSE_SHARED_DATA", home + "/../shared/data");
boolean imported = Tables.ML_LABELLED_POSTS.exists(spark, warehouse)
    && !Tables.ML_LABELLED_POSTS.read(spark, warehouse).where("source = 'tweeteval:validation'").isEmpty();
if (!imported) {
    LabelsImportJob.run(spark, warehouse, "semeval", java.nio.file.Path.of(data, "semeval2017-task4A"), java.time.Instant.now());
    LabelsImportJob.run(spark, warehouse, "tweeteval", java.nio.file.Path.of(data, "tweeteval-sentiment"), java.time.Instant.now());
}
spark.sql("SELECT split_part(source, ':', 1) AS data_set, label, count(*) AS posts FROM ml.labelled_posts WHERE lang = 'en' GROUP BY 1, 2 ORDER BY 1, 2").show();
"""),
code("""
var spec = new SentimentTrainJob.DataSpec(List.of("semeval:*"), List.of("train", "validation", "test"),
    "tweeteval:validation", List.of("validation"), 0.1);
Dataset<Row> labelled = Tables.ML_LABELLED_POSTS.read(spark, warehouse).where("lang = 'en'");
Dataset<Row> evaluation = SentimentTrainJob.evaluationRows(labelled, spec).cache();
// A seeded 40% sample of the training rows keeps each fit to seconds.
Dataset<Row> train = SentimentTrainJob.trainingRows(labelled, spec, evaluation).sample(0.4, 7).cache();
List<String> evalTexts = evaluation.select("text").as(Encoders.STRING()).collectAsList();
List<String> evalLabels = evaluation.select("label").as(Encoders.STRING()).collectAsList();
var counts = new java.util.TreeMap<String, Long>();
train.groupBy("label").count().collectAsList().forEach(r -> counts.put(r.getString(0), r.getLong(1)));
System.out.println("training posts by label " + counts + "; evaluation posts " + evalTexts.size());
"""),
md("""
## Two variants, same data

Variant A uses word 1-2-grams only; variant B adds character 2-5-grams inside words, which catch
misspellings and elongations ("sooo", "luv"). Everything else is equal: hashed features, IDF,
multinomial logistic regression with class weights (the training mix is 16% negative, and the metric
weighs every class the same).
"""),
code("""
var params = new SentimentTraining.Params(1.7e-5, 0.95, 25);
var results = new java.util.LinkedHashMap<String, SentimentModel>();
for (var f : List.of(new SentimentFeaturizer("en", 18, 2, 0, 0, false), new SentimentFeaturizer("en", 18, 2, 2, 5, false))) {
    String variant = f.charMax() == 0 ? "A words 1-2" : "B words 1-2 + chars 2-5";
    long t0 = System.nanoTime();
    float[] idf = SentimentTraining.idf(train.select("text").as(Encoders.STRING()), f);
    Dataset<Row> vectors = SentimentTraining.vectors(train, f, idf).cache();
    SentimentModel model = SentimentTraining.fit(vectors, counts, params, f, idf);
    vectors.unpersist();
    ClassificationMetrics m = SentimentTraining.evaluate(model, evalTexts, evalLabels);
    results.put(variant, model);
    System.out.printf("%-26s macro recall %.4f  accuracy %.4f  (%.0f s)%n", variant, m.asMap().get("macro_recall"),
        m.asMap().get("accuracy"), (System.nanoTime() - t0) / 1e9);
}
"""),
md("""
Per-class recall and the confusion matrix of the better variant: where does it go wrong?
"""),
code("""
String best = null;
double bestScore = -1;
for (var e : results.entrySet()) {
    double s = SentimentTraining.evaluate(e.getValue(), evalTexts, evalLabels).asMap().get("macro_recall");
    if (s > bestScore) { best = e.getKey(); bestScore = s; }
}
ClassificationMetrics bestMetrics = SentimentTraining.evaluate(results.get(best), evalTexts, evalLabels);
System.out.println("best: " + best);
System.out.println(bestMetrics.report());
"""),
md("""
## Register it as a candidate

The registry records what a model is and how it was measured: parameters, training table and its Delta
version, metrics, confusion matrix and status. A candidate is scored by nothing until it is promoted.
"""),
code("""
var registry = new ModelRegistry(spark, warehouse);
String name = SentimentTrainJob.modelName("en");
int version = registry.nextVersion(name);
String artifact = registry.artifactPath(name, version);
SentimentModel chosen = results.get(best);
registry.saveSentiment(chosen, artifact);
var p = new java.util.LinkedHashMap<String, String>(params.asMap());
p.put("variant", best);
p.put("trained_in", "notebooks/02-sentiment-variants.ipynb (40% sample)");
var candidate = new ModelRegistry.Version(name, version, "sentiment", "en", p, Tables.ML_LABELLED_POSTS.qualifiedName(),
    registry.tableVersion(Tables.ML_LABELLED_POSTS.path(warehouse)), train.count(),
    "tweeteval:validation [validation], " + evalTexts.size() + " posts", bestMetrics.asMap(), bestMetrics.confusionText(),
    0.0, artifact, "candidate", "from the variants notebook; promote with models promote", java.time.Instant.now(), null);
registry.register(candidate);
spark.sql("SELECT name, version, status, round(metrics['macro_recall'], 4) AS macro_recall, params['variant'] AS variant, status_reason FROM ml.model_registry WHERE name = 'sentiment-en' ORDER BY version").show(false);
"""),
md("""
## Next

- `bin/brandpulse models promote --name sentiment-en --version N --reason "..."` makes it champion;
  `bin/brandpulse score --backfill` then re-scores history with it, and `models rollback` undoes it.
- `bin/brandpulse evaluate-sentiment --lang en --model N --text ... --labels ...` measures any version on
  other data (TweetEval layout).
"""),
])

write("03-topics.ipynb", [
md("""
# Topics: what people talk about, and what they complain about

Trains a topic model on the warehouse's English posts, looks at the topics (named by their most
relevant terms), scores the posts into `silver.post_topics`, and breaks topics down by brand. Then it
measures the same algorithm against human topic labels (TweetTopic) with NMI and purity, next to MLlib
LDA: the number the registry keeps for each version.

Brand Pulse trains two kinds of topic model per language: `topics-<lang>` over all posts and
`complaints-<lang>` over the negative ones (complaint themes, which need sentiment scores first:
`bin/brandpulse train-topics --lang en --scope complaints` after `score`).
"""),
setup_md, setup,
code("""
import com.brandpulse.ml.TopicTrainJob;
import com.brandpulse.ml.TopicTraining;
import com.brandpulse.ml.TopicScoreJob;
import com.brandpulse.ml.TopicModel;
import com.brandpulse.ml.ClusteringMetrics;

// Settings as train-topics reads them (conf ml.topics.default), with 8 topics for a small warehouse.
var conf = com.brandpulse.common.AppConfig.load(null, List.of(), System.getenv()).get().getConfig("ml.topics.default");
var params = TopicTraining.Params.fromConfig(conf).withK(8);
System.out.println(params.asMap());
"""),
md("""
## Train and look at the topics

Word vectors (Word2Vec) learn from every English text in the warehouse; each post becomes the
IDF-weighted mean of its word vectors, and cosine k-means groups the posts. A topic is named by the terms
that are both frequent in it and rare elsewhere.
"""),
code("""
var result = TopicTrainJob.run(spark, warehouse, conf, "en", "posts", null, null, params, true, java.time.Instant.now());
TopicModel model = result.model();
System.out.printf("%s v%d: %d posts, status %s%n", result.version().name(), result.version().version(),
    result.version().trainingRows(), result.version().status());
for (int t = 0; t < model.topics(); t++) {
    System.out.printf("topic %d: %s%n", t, String.join(", ", model.terms()[t]));
}
"""),
md("""
## Posts by topic and brand

`score` writes each post's strongest topics (at most three, with their weights) to `silver.post_topics`;
here the same job is called directly.
"""),
code("""
var scored = TopicScoreJob.run(spark, warehouse, List.of("en"), 3, 0.2, java.time.Instant.now());
System.out.println("months rewritten " + scored.months() + ", rows " + scored.rows());
spark.sql(\"\"\"
    SELECT b.brand, t.topic, t.topic_name, count(*) AS posts
    FROM silver.post_topics t
    JOIN (SELECT post_id, explode(array_union(brand_ids, competitor_ids)) AS brand FROM silver.post_enrichment) b
      ON b.post_id = t.post_id
    WHERE t.model_name = 'topics-en' AND t.topic_rank = 1
    GROUP BY 1, 2, 3 ORDER BY 1, 4 DESC\"\"\").show(40, false);
"""),
md("""
A topic's most typical posts: the highest weights.
"""),
code("""
spark.sql(\"\"\"
    SELECT t.topic, round(t.weight, 2) AS weight, substr(replace(p.text, char(10), ' '), 1, 90) AS text
    FROM silver.post_topics t JOIN silver.posts p ON p.post_id = t.post_id
    WHERE t.model_name = 'topics-en' AND t.topic_rank = 1 AND t.topic = 0
    ORDER BY t.weight DESC LIMIT 5\"\"\").show(false);
"""),
md("""
## Against human labels

TweetTopic (`../shared/data/tweet-topic-single`) has six human topic labels. Training on its 2020
training split and assigning its test split measures how well the algorithm finds topics people
recognise: NMI (0 = unrelated, 1 = the same grouping) and purity. MLlib LDA with the same tokens and
vocabulary is the comparison.
"""),
code("""
String data = System.getenv().getOrDefault("BRANDPULSE_SHARED_DATA", home + "/../shared/data");
var split = java.nio.file.Path.of(data, "tweet-topic-single/dataset/split_temporal");
Dataset<Row> trainTexts = spark.read().json(split.resolve("train_2020.single.json").toString()).select("text");
var test = TopicTrainJob.readLabelled(split.resolve("test_2020.single.json"));
for (String algorithm : TopicTraining.ALGORITHMS) {
    var p = params.withAlgorithm(algorithm).withK(10);
    long t0 = System.nanoTime();
    TopicModel m = TopicTraining.fit(TopicTraining.tokens(trainTexts), null, "en", p);
    ClusteringMetrics metrics = TopicTrainJob.evaluate(m, test);
    System.out.printf("%-17s %s (fit %.0f s)%n", algorithm, metrics, (System.nanoTime() - t0) / 1e9);
}
"""),
md("""
## Next

- `bin/brandpulse train-topics --lang en --evaluate FILE.jsonl` registers a version with its NMI and
  promotes it only if it beats the champion on the same posts; `evaluate-topics --input FILE.jsonl`
  prints NMI, purity and each topic's majority label for any version.
- `gold.complaint_themes_weekly` groups each brand's negative posts by complaint theme, week by week,
  with representative posts.
"""),
])
