"""DAG tests on the Airflow stand-in (tests/dags/airflow_standin.py): task graphs, settings, rendered
spark-submit command lines. Standard library only: python3 -m unittest discover -s tests/dags.

With BRANDPULSE_DAG_COMMANDS_OUT set, the nightly DAG's command lines for the data interval starting at
BRANDPULSE_DAG_INTERVAL (default 2026-09-07) are written there as JSON; DagCommandLinesTest (JUnit) runs
them through org.apache.spark.deploy.SparkSubmit.
"""
from __future__ import annotations

import ast
import json
import os
import sys
import unittest
from datetime import datetime, timedelta, timezone
from pathlib import Path

import airflow_standin as standin

ROOT = Path(__file__).resolve().parents[2]
DAGS = ROOT / "dags"
MAIN_CLASS = "com.brandpulse.cli.BrandPulse"


def setUpModule():
    # The Spark connection, as a deployment defines it (the JUnit test sets its own master).
    os.environ.setdefault("AIRFLOW_CONN_SPARK_BRANDPULSE",
                          json.dumps({"conn_type": "spark", "host": "yarn", "extra": {"deploy-mode": "client"}}))


def load(name):
    """The DAG file's only DAG, and the shared module its settings come from (dags/brandpulse_jobs.py)."""
    _, dags, seconds = standin.load_dag_file(str(DAGS / name))
    assert len(dags) == 1, f"{name} defines {len(dags)} DAGs"
    return sys.modules["brandpulse_jobs"], dags[0], seconds


def day(text):
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


class TopLevelCode(unittest.TestCase):
    """The scheduler parses DAG files every few seconds: their top level only imports, assigns and declares."""

    def test_dag_files_hold_only_light_top_level_statements(self):
        allowed_calls = {"get", "datetime", "timedelta", "DAG", "items", "brandpulse_job", "SparkSubmitOperator"}
        for path in sorted(DAGS.glob("*.py")):
            tree = ast.parse(path.read_text(), str(path))
            for node in tree.body:
                self.assertIsInstance(node, (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign, ast.FunctionDef,
                                             ast.With, ast.Expr), f"{path.name}:{node.lineno}")
                if isinstance(node, ast.Expr):
                    self.assertIsInstance(node.value, ast.Constant, f"{path.name}:{node.lineno}: only the docstring")
                for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)
                             and not isinstance(node, ast.FunctionDef)):
                    fn = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "?")
                    self.assertIn(fn, allowed_calls, f"{path.name}:{call.lineno}: top-level call {fn}()")

    def test_parsing_is_fast_and_touches_no_variables(self):
        for name in ("brandpulse_nightly.py", "brandpulse_training.py"):
            _, _, seconds = load(name)  # Variable.get at parse time would raise in the stand-in
            self.assertLess(seconds, 0.5, name)


class Nightly(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.module, cls.dag, _ = load("brandpulse_nightly.py")

    def test_graph_is_the_pipeline_in_order(self):
        chain = ["ingest", "enrich", "score", "aggregate"]
        self.assertEqual(chain + ["alert", "publish"], self.dag.topological_task_ids())
        for up, down in zip(chain, chain[1:]):
            self.assertEqual({down}, self.dag.task_dict[up].downstream_task_ids)
            self.assertEqual({up}, self.dag.task_dict[down].upstream_task_ids)
        self.assertEqual(set(), self.dag.task_dict["ingest"].upstream_task_ids)

    def test_alert_follows_aggregate_beside_publish(self):
        # Alerts wait for the gold signals, not for the dashboards; neither branch holds back the other.
        tasks = self.dag.task_dict
        self.assertEqual({"alert", "publish"}, tasks["aggregate"].downstream_task_ids)
        self.assertEqual({"aggregate"}, tasks["alert"].upstream_task_ids)
        self.assertEqual({"aggregate"}, tasks["publish"].upstream_task_ids)
        self.assertEqual(set(), tasks["alert"].downstream_task_ids)
        ctx = standin.context_for(self.dag, day("2026-09-07"))
        # No data-interval argument: alert judges by the clock, so a backfill of old days replays no old alerts.
        self.assertEqual(["alert", "--env-file", self.module.ENV_FILE, "--wait-for-lock", self.module.LOCK_WAIT],
                         tasks["alert"].render(ctx)["application_args"])
        self.assertGreaterEqual(tasks["alert"].retries, 2, "a retry sends only what failed")

    def test_one_run_per_day_with_catchup_one_at_a_time(self):
        d = self.dag
        self.assertEqual("brandpulse_nightly", d.dag_id)
        self.assertEqual("@daily", d.schedule)
        self.assertTrue(d.catchup)
        self.assertEqual(1, d.max_active_runs)
        self.assertEqual(timezone.utc, d.start_date.tzinfo)

    def test_every_task_is_a_spark_submit_of_the_jar_with_retries_and_an_sla(self):
        names = set()
        for t in self.dag.tasks:
            self.assertIsInstance(t, standin.SparkSubmitOperator, t.task_id)
            self.assertGreaterEqual(t.retries, 2, t.task_id)
            self.assertGreaterEqual(t.retry_delay, timedelta(minutes=5), t.task_id)
            self.assertIsNotNone(t.sla, t.task_id)
            self.assertIsNotNone(t.execution_timeout, t.task_id)
            a = t.args
            self.assertEqual(self.module.APP_JAR, a["application"])
            self.assertEqual(MAIN_CLASS, a["java_class"])
            self.assertEqual(self.module.SPARK_PROPERTIES, a["properties_file"])
            self.assertEqual("spark_brandpulse", a["conn_id"])
            self.assertNotEqual("arrow-spark", a["name"], "explicit name")
            names.add(a["name"])
            self.assertEqual([t.task_id, "--env-file", self.module.ENV_FILE], a["application_args"][:3])
        self.assertEqual(len(self.dag.tasks), len(names), "names are distinct")

    def test_arguments_follow_the_data_interval(self):
        a = standin.context_for(self.dag, day("2026-09-07"))
        b = standin.context_for(self.dag, day("2026-09-08"))
        ingest = self.dag.task_dict["ingest"]
        self.assertEqual(["ingest", "--env-file", self.module.ENV_FILE, "--wait-for-lock", self.module.LOCK_WAIT,
                          "--input", f"{self.module.LANDING}/2026-09-07"], ingest.render(a)["application_args"])
        self.assertEqual(f"{self.module.LANDING}/2026-09-08", ingest.render(b)["application_args"][-1])
        self.assertEqual("brandpulse-ingest-2026-09-07", ingest.render(a)["name"])
        publish = self.dag.task_dict["publish"]
        self.assertEqual(["--run-id", "scheduled__2026-09-07T00:00:00+00:00"], publish.render(a)["application_args"][-2:])

    def test_writers_wait_for_the_warehouse_lock_and_publish_only_reads(self):
        ctx = standin.context_for(self.dag, day("2026-09-07"))
        for t in self.dag.tasks:
            args = t.render(ctx)["application_args"]
            if t.task_id == "publish":
                self.assertNotIn("--wait-for-lock", args, "publish takes no lock (the CLI refuses the option)")
            else:
                self.assertEqual(["--wait-for-lock", self.module.LOCK_WAIT], args[3:5], t.task_id)
                self.assertEqual("m", self.module.LOCK_WAIT[-1])
                self.assertGreater(t.execution_timeout, timedelta(minutes=int(self.module.LOCK_WAIT[:-1])),
                                   f"{t.task_id}: the wait fits in the task's time")

    def test_the_dag_never_accepts_a_quarantine_alarm_itself(self):
        # A retry must fail again while the alarm is open (ingest exits 3): only a person accepts it.
        ctx = standin.context_for(self.dag, day("2026-09-07"))
        for t in self.dag.tasks:
            self.assertNotIn("--accept-quarantine", t.render(ctx)["application_args"], t.task_id)
        self.assertGreaterEqual(self.dag.task_dict["ingest"].retries, 1)

    def test_command_lines_are_what_the_spark_provider_runs(self):
        ctx = standin.context_for(self.dag, day(os.environ.get("BRANDPULSE_DAG_INTERVAL", "2026-09-07")))
        commands = []
        for task_id in self.dag.topological_task_ids():
            argv = self.dag.task_dict[task_id].spark_submit_command(ctx)
            self.assertEqual("spark-submit", argv[0])
            self.assertEqual(standin.connection("spark_brandpulse")["host"], argv[argv.index("--master") + 1])
            self.assertEqual(MAIN_CLASS, argv[argv.index("--class") + 1])
            self.assertEqual(self.module.SPARK_PROPERTIES, argv[argv.index("--properties-file") + 1])
            jar = argv.index(self.module.APP_JAR)
            self.assertEqual(task_id, argv[jar + 1], "the command follows the application jar")
            self.assertNotIn("{{", " ".join(argv), "every template rendered")
            commands.append({"task_id": task_id, "argv": argv})
        out = os.environ.get("BRANDPULSE_DAG_COMMANDS_OUT")
        if out:
            Path(out).mkdir(parents=True, exist_ok=True)
            (Path(out) / "brandpulse_nightly.json").write_text(json.dumps(
                {"dag_id": self.dag.dag_id, "run_id": ctx["run_id"], "commands": commands}, indent=2))


class Training(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.module, cls.dag, _ = load("brandpulse_training.py")

    def test_weekly_without_catchup(self):
        self.assertEqual("@weekly", self.dag.schedule)
        self.assertFalse(self.dag.catchup)
        self.assertEqual(1, self.dag.max_active_runs)

    def test_retrain_then_evaluate_then_promote_per_language(self):
        for lang in ("en", "ko"):
            retrain, evaluate, promote = (self.dag.task_dict[f"{s}_{lang}"] for s in ("retrain", "evaluate", "promote"))
            self.assertEqual({evaluate.task_id}, retrain.downstream_task_ids)
            self.assertEqual({promote.task_id}, evaluate.downstream_task_ids)
            self.assertEqual(set(), promote.downstream_task_ids)
            ctx = standin.context_for(self.dag, day("2026-09-06"))
            wait = ["--wait-for-lock", self.module.LOCK_WAIT]
            self.assertEqual(["train-sentiment", "--env-file", self.module.ENV_FILE, *wait, "--lang", lang,
                              "--no-promote"], retrain.render(ctx)["application_args"])
            args = evaluate.render(ctx)["application_args"]
            self.assertEqual(["evaluate-candidate", "--env-file", self.module.ENV_FILE, *wait, "--lang", lang, "--min"],
                             args[:8])
            self.assertGreater(float(args[8]), 0.5)
            self.assertEqual(["promote-if-better", "--env-file", self.module.ENV_FILE, *wait, "--lang", lang],
                             promote.render(ctx)["application_args"])
            for t in (retrain, evaluate, promote):
                self.assertEqual(MAIN_CLASS, t.args["java_class"])
                self.assertIsNotNone(t.sla)
                self.assertGreaterEqual(t.retries, 1)
        self.assertEqual(8, len(self.dag.tasks))

    def test_complaint_themes_train_per_language_beside_sentiment(self):
        ctx = standin.context_for(self.dag, day("2026-09-06"))
        wait = ["--wait-for-lock", self.module.LOCK_WAIT]
        for lang in ("en", "ko"):
            task = self.dag.task_dict[f"complaints_{lang}"]
            self.assertEqual(["train-topics", "--env-file", self.module.ENV_FILE, *wait, "--lang", lang, "--scope",
                              "complaints"], task.render(ctx)["application_args"])
            # Not behind the sentiment chain: a rejected sentiment candidate must not stop the themes.
            self.assertEqual(set(), task.upstream_task_ids)
            self.assertEqual(set(), task.downstream_task_ids)
            self.assertEqual(MAIN_CLASS, task.args["java_class"])
            self.assertIsNotNone(task.sla)
            self.assertGreaterEqual(task.retries, 1)


class StandIn(unittest.TestCase):
    """The stand-in rejects what Airflow rejects, so the tests above mean something."""

    def test_unknown_operator_arguments_and_templates_fail(self):
        standin.install()
        with standin.DAG("x", schedule="@daily", start_date=day("2026-01-01")) as d:
            with self.assertRaises(TypeError):
                standin.SparkSubmitOperator(task_id="t", application="a.jar", java_klass="C")
            t = standin.SparkSubmitOperator(task_id="u", application="a.jar", application_args=["{{ macros.x(1) }}"])
        with self.assertRaises(standin.AirflowStandInError):
            t.render(standin.context_for(d, day("2026-01-01")))
        with self.assertRaises(standin.AirflowStandInError):
            standin.DAG("naive", schedule="@daily", start_date=datetime(2026, 1, 1))


if __name__ == "__main__":
    unittest.main()
