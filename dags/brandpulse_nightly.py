"""Brand Pulse nightly pipeline: one run per day (its data interval), on Spark through spark-submit.

ingest -> enrich -> score -> aggregate -> [alert, publish]

* ingest reads the day's landing folder ``$BRANDPULSE_LANDING/<data_interval_start as YYYY-MM-DD>``;
  a file already ingested (same path, size and SHA-256) is skipped. A run whose quarantined/read ratio is above
  ingest.max-quarantine-ratio raises an alarm (ops.quarantine_alarms) and exits 3; so does every later ingest
  while the alarm is open, this task's retries included (they find every file already ingested and read nothing,
  which alone would pass), and the next days' runs too, after loading their files. The pipeline stops at ingest
  until a person has looked at silver.quarantine and run ``brandpulse ingest --accept-quarantine RUN_ID``; then
  clear the task. The DAG never accepts an alarm itself.
* enrich and score process only posts that are new or changed since they last ran.
* aggregate rebuilds the gold weeks touched by changed posts; publish copies the changed weeks to PostgreSQL,
  one transaction per table, tagged with this run's id.
* alert tells the routed people about crisis signals that are new or escalated, right after aggregate and beside
  publish: it waits for no dashboard, and a failed delivery (exit code 4, recorded in ops.alerts_sent) neither
  holds back publish nor is sent twice by the retry, which sends only what is still missing. It judges by the
  clock, not the data interval: a backfill of old days finds nothing recent to tell.

Every job is rerun-safe for its window (idempotent writes keyed by file hash, post id, week), so retries,
clearing a task and backfills (catchup, or ``airflow dags backfill``) are safe. ``max_active_runs=1``:
the jobs of two days share the same Delta tables and run one day after the other. Every task but publish writes the
warehouse and holds its writer lock while it runs (one writer per warehouse); one that finds another writer (a
manual run, a backfill, the training DAG) waits up to ``LOCK_WAIT`` (brandpulse_jobs) for it, then fails with exit
code 5 and is retried. publish only reads the warehouse and takes no lock.

Deployment (docs/operations.md, "Airflow"): the Spark provider (apache-airflow-providers-apache-spark), an Airflow
connection ``spark_brandpulse`` naming the master (yarn, k8s://..., spark://...), and these environment
variables on the scheduler and the workers: BRANDPULSE_APP_JAR, BRANDPULSE_ENV_FILE,
BRANDPULSE_SPARK_PROPERTIES, BRANDPULSE_LANDING; the secrets BRANDPULSE_PSEUDONYM_KEY and
BRANDPULSE_PG_PASSWORD (the publisher role's; or an owner-only credentials file named by
serving.postgres.credentials-file), BRANDPULSE_SMTP_PASSWORD and BRANDPULSE_WEBHOOK_SECRET in the environment
spark-submit runs in (never in the DAG). On a standalone cluster with authentication the properties file also
names the cluster's secret file (spark.authenticate, spark.network.crypto.enabled, spark.authenticate.secret.file).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from airflow import DAG

from brandpulse_jobs import DAY, LANDING, brandpulse_job

default_args = {
    "owner": "brandpulse",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=1),
    "execution_timeout": timedelta(hours=2),
    # Dashboards expect yesterday's numbers by the morning: a task not done 8 h after the interval ends is late.
    "sla": timedelta(hours=8),
    "depends_on_past": False,
}

with DAG(
    dag_id="brandpulse_nightly",
    description="ingest -> enrich -> score -> aggregate -> alert and publish, one run per day",
    schedule="@daily",
    start_date=datetime(2026, 9, 1, tzinfo=timezone.utc),
    catchup=True,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=12),
    default_args=default_args,
    tags=["brandpulse", "spark"],
    doc_md=__doc__,
) as dag:
    ingest = brandpulse_job("ingest", "ingest", "--input", f"{LANDING}/{DAY}")
    enrich = brandpulse_job("enrich", "enrich")
    score = brandpulse_job("score", "score")
    aggregate = brandpulse_job("aggregate", "aggregate")
    alert = brandpulse_job("alert", "alert", driver_memory="1g")
    publish = brandpulse_job("publish", "publish", "--run-id", "{{ run_id }}", driver_memory="2g",
                             writes_warehouse=False)

    ingest >> enrich >> score >> aggregate >> [alert, publish]
