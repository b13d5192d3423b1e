"""Shared by the Brand Pulse DAGs (not a DAG itself): deployment settings and the spark-submit task factory.

Settings are plain environment reads, so parsing costs nothing (no metadata database, no network); set them
on the scheduler and the workers (docs/operations.md, "Airflow"):
BRANDPULSE_APP_JAR, BRANDPULSE_ENV_FILE, BRANDPULSE_SPARK_PROPERTIES, BRANDPULSE_LANDING, BRANDPULSE_SPARK_CONN_ID.
Airflow puts the dags folder on sys.path, so the DAG files import this module by name.
"""
from __future__ import annotations

import os

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

APP_JAR = os.environ.get("BRANDPULSE_APP_JAR", "/opt/brandpulse/lib/brandpulse.jar")
ENV_FILE = os.environ.get("BRANDPULSE_ENV_FILE", "/opt/brandpulse/conf/production.conf")
SPARK_PROPERTIES = os.environ.get("BRANDPULSE_SPARK_PROPERTIES", "/opt/brandpulse/conf/spark-defaults.conf")
LANDING = os.environ.get("BRANDPULSE_LANDING", "/data/brandpulse/landing")
SPARK_CONN_ID = os.environ.get("BRANDPULSE_SPARK_CONN_ID", "spark_brandpulse")
MAIN_CLASS = "com.brandpulse.cli.BrandPulse"

DAY = "{{ data_interval_start | ds }}"  # the data interval's first day, rendered per run
# One writer per warehouse at a time: a task that writes it waits this long for another writer (a manual run, a task
# of the other DAG) before it fails with exit code 5, and Airflow retries it.
LOCK_WAIT = "30m"


def brandpulse_job(task_id, command, *args, driver_memory="4g", writes_warehouse=True):
    """One Brand Pulse command as a spark-submit of the application jar, named after the task and the day.
    Executor sizes and counts belong to the cluster, so they come from the properties file. A command that only
    reads the warehouse (publish) takes no writer lock, and so no --wait-for-lock."""
    lock = ["--wait-for-lock", LOCK_WAIT] if writes_warehouse else []
    return SparkSubmitOperator(
        task_id=task_id,
        conn_id=SPARK_CONN_ID,
        application=APP_JAR,
        java_class=MAIN_CLASS,
        name=f"brandpulse-{task_id}-{DAY}",
        properties_file=SPARK_PROPERTIES,
        # Airflow retries the task; a second attempt inside YARN would double every retry.
        conf={"spark.yarn.maxAppAttempts": "1"},
        driver_memory=driver_memory,
        application_args=[command, "--env-file", ENV_FILE, *lock, *args],
    )
