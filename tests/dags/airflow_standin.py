"""A STAND-IN for the Airflow API, used only by the DAG tests: Airflow cannot be installed here.

It provides just the surface dags/*.py use, with Airflow 2's semantics, and is strict where Airflow is:

* ``DAG`` (a context manager collecting tasks; default_args applied to operators that do not set them),
* ``BaseOperator`` dependencies (``a >> b``, ``a << b``, lists),
* ``SparkSubmitOperator`` of apache-airflow-providers-apache-spark: it accepts only that operator's keyword
  arguments (a typo fails as in Airflow), renders only its templated fields, and builds the spark-submit
  command line the provider's SparkSubmitHook builds, with the master taken from the Airflow connection
  (``AIRFLOW_CONN_<ID>`` in JSON, as Airflow reads connections from the environment),
* ``Variable.get`` which fails when called while a DAG file is being parsed (heavy top-level code),
* the few Jinja expressions the DAGs use: ``{{ name }}``, ``{{ name.attr }}``, ``{{ value | ds }}`` and
  ``| ds_nodash``; anything else is an error, so a DAG cannot rely on what this stand-in does not check.

Nothing here talks to a scheduler, a database or Spark.
"""
from __future__ import annotations

import json
import os
import re
import sys
import types
from datetime import datetime, timedelta, timezone

_CURRENT_DAG = []
_PARSING = []


class AirflowStandInError(Exception):
    """Something real Airflow would reject."""


class DAG:
    def __init__(self, dag_id, *, schedule=None, start_date=None, end_date=None, catchup=True,
                 max_active_runs=16, max_active_tasks=16, default_args=None, tags=None, doc_md=None,
                 description=None, dagrun_timeout=None, params=None, render_template_as_native_obj=False):
        if start_date is not None and start_date.tzinfo is None:
            raise AirflowStandInError(f"{dag_id}: start_date must be timezone-aware")
        self.dag_id = dag_id
        self.schedule = schedule
        self.start_date = start_date
        self.end_date = end_date
        self.catchup = catchup
        self.max_active_runs = max_active_runs
        self.max_active_tasks = max_active_tasks
        self.default_args = dict(default_args or {})
        self.tags = list(tags or [])
        self.doc_md = doc_md
        self.description = description
        self.dagrun_timeout = dagrun_timeout
        self.params = dict(params or {})
        self.task_dict = {}

    def __enter__(self):
        _CURRENT_DAG.append(self)
        return self

    def __exit__(self, *exc):
        _CURRENT_DAG.pop()
        return False

    @property
    def tasks(self):
        return list(self.task_dict.values())

    def topological_task_ids(self):
        order, seen = [], set()

        def visit(task):
            if task.task_id in seen:
                return
            for up in sorted(task.upstream_task_ids):
                visit(self.task_dict[up])
            seen.add(task.task_id)
            order.append(task.task_id)

        for task in self.task_dict.values():
            visit(task)
        return order


BASE_ARGS = {"task_id", "owner", "retries", "retry_delay", "retry_exponential_backoff", "max_retry_delay", "sla",
             "execution_timeout", "depends_on_past", "wait_for_downstream", "email", "email_on_failure",
             "email_on_retry", "pool", "priority_weight", "trigger_rule", "doc_md", "queue", "dag"}


class BaseOperator:
    template_fields = ()
    operator_args = set()

    def __init__(self, **kwargs):
        dag = kwargs.pop("dag", None) or (_CURRENT_DAG[-1] if _CURRENT_DAG else None)
        if dag is None:
            raise AirflowStandInError("operator created outside a DAG")
        merged = {k: v for k, v in dag.default_args.items()}
        merged.update(kwargs)
        unknown = set(merged) - BASE_ARGS - self.operator_args
        if unknown:
            raise TypeError(f"{type(self).__name__} got unexpected keyword arguments {sorted(unknown)}")
        if "task_id" not in merged:
            raise TypeError("task_id is required")
        self.task_id = merged.pop("task_id")
        if self.task_id in dag.task_dict:
            raise AirflowStandInError(f"duplicate task_id {self.task_id}")
        self.dag = dag
        self.retries = merged.pop("retries", 0)
        self.retry_delay = merged.pop("retry_delay", timedelta(minutes=5))
        self.retry_exponential_backoff = merged.pop("retry_exponential_backoff", False)
        self.max_retry_delay = merged.pop("max_retry_delay", None)
        self.sla = merged.pop("sla", None)
        self.execution_timeout = merged.pop("execution_timeout", None)
        self.depends_on_past = merged.pop("depends_on_past", False)
        self.owner = merged.pop("owner", "airflow")
        self.extra_base_args = {k: merged.pop(k) for k in list(merged) if k in BASE_ARGS}
        self.args = merged
        self.upstream_task_ids = set()
        self.downstream_task_ids = set()
        dag.task_dict[self.task_id] = self

    def _link(self, other, downstream):
        others = other if isinstance(other, (list, tuple)) else [other]
        for o in others:
            up, down = (self, o) if downstream else (o, self)
            up.downstream_task_ids.add(down.task_id)
            down.upstream_task_ids.add(up.task_id)
        return other

    def __rshift__(self, other):
        return self._link(other, True)

    def __lshift__(self, other):
        return self._link(other, False)

    def __rrshift__(self, other):
        for o in other:
            o._link(self, True)
        return self

    def render(self, context):
        """The templated fields rendered as Airflow renders them for a run with this context."""
        return {f: render(self.args.get(f), context) for f in self.template_fields}


class SparkSubmitOperator(BaseOperator):
    # As apache-airflow-providers-apache-spark 4.x declares them.
    template_fields = ("application", "conf", "files", "py_files", "jars", "driver_class_path", "packages",
                       "exclude_packages", "keytab", "principal", "proxy_user", "name", "application_args",
                       "env_vars", "properties_file")
    operator_args = {"application", "conf", "conn_id", "files", "py_files", "archives", "driver_class_path", "jars",
                     "java_class", "packages", "exclude_packages", "repositories", "total_executor_cores",
                     "executor_cores", "executor_memory", "driver_memory", "keytab", "principal", "proxy_user",
                     "name", "num_executors", "status_poll_interval", "application_args", "env_vars", "verbose",
                     "spark_binary", "properties_file", "yarn_queue", "deploy_mode", "use_krb5ccache"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.args.setdefault("conn_id", "spark_default")
        self.args.setdefault("name", "arrow-spark")  # the provider's default name

    def spark_submit_command(self, context):
        """argv as SparkSubmitHook._build_spark_submit_command builds it for this run."""
        a = dict(self.args)
        a.update(self.render(context))
        conn = connection(a["conn_id"])
        extra = conn.get("extra", {})
        master = f"{conn['host']}:{conn['port']}" if conn.get("port") else conn["host"]
        cmd = [a.get("spark_binary") or extra.get("spark-binary") or "spark-submit", "--master", master]
        for key, value in (a.get("conf") or {}).items():
            cmd += ["--conf", f"{key}={value}"]
        if a.get("properties_file"):
            cmd += ["--properties-file", a["properties_file"]]
        for arg, flag in (("files", "--files"), ("py_files", "--py-files"), ("archives", "--archives"),
                          ("driver_class_path", "--driver-class-path"), ("jars", "--jars"),
                          ("packages", "--packages"), ("exclude_packages", "--exclude-packages"),
                          ("repositories", "--repositories"), ("num_executors", "--num-executors"),
                          ("total_executor_cores", "--total-executor-cores"), ("executor_cores", "--executor-cores"),
                          ("executor_memory", "--executor-memory"), ("driver_memory", "--driver-memory"),
                          ("keytab", "--keytab"), ("principal", "--principal"), ("proxy_user", "--proxy-user"),
                          ("name", "--name"), ("java_class", "--class")):
            if a.get(arg):
                cmd += [flag, str(a[arg])]
        if a.get("verbose"):
            cmd += ["--verbose"]
        if a.get("yarn_queue") or extra.get("queue"):
            cmd += ["--queue", a.get("yarn_queue") or extra["queue"]]
        if a.get("deploy_mode") or extra.get("deploy-mode"):
            cmd += ["--deploy-mode", a.get("deploy_mode") or extra["deploy-mode"]]
        cmd += [a["application"]]
        cmd += [str(x) for x in (a.get("application_args") or [])]
        return cmd


def connection(conn_id):
    raw = os.environ.get("AIRFLOW_CONN_" + conn_id.upper())
    if raw is None:
        raise AirflowStandInError(f"The conn_id `{conn_id}` isn't defined (set AIRFLOW_CONN_{conn_id.upper()})")
    conn = json.loads(raw)
    if conn.get("conn_type") != "spark":
        raise AirflowStandInError(f"{conn_id}: conn_type must be spark")
    return conn


class Variable:
    @staticmethod
    def get(key, default_var=None, deserialize_json=False):
        if _PARSING:
            raise AirflowStandInError(f"Variable.get({key!r}) while parsing a DAG file: a metadata database call"
                                      " at every parse; use a template or read it inside a task")
        return os.environ.get("AIRFLOW_VAR_" + key.upper(), default_var)


_EXPR = re.compile(r"\{\{\s*(.*?)\s*\}\}")
_FILTERS = {"ds": lambda v: v.strftime("%Y-%m-%d"), "ds_nodash": lambda v: v.strftime("%Y%m%d")}


def render(value, context):
    if isinstance(value, str):
        return _EXPR.sub(lambda m: str(_evaluate(m.group(1), context)), value)
    if isinstance(value, (list, tuple)):
        return [render(v, context) for v in value]
    if isinstance(value, dict):
        return {k: render(v, context) for k, v in value.items()}
    return value


def _evaluate(expr, context):
    parts = [p.strip() for p in expr.split("|")]
    path = parts[0].split(".")
    if not all(re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*", p) for p in path) or path[0] not in context:
        raise AirflowStandInError(f"template expression the stand-in does not support: {{{{ {expr} }}}}")
    value = context[path[0]]
    for attr in path[1:]:
        value = value[attr] if isinstance(value, dict) else getattr(value, attr)
    for f in parts[1:]:
        if f not in _FILTERS:
            raise AirflowStandInError(f"template filter the stand-in does not support: {f}")
        value = _FILTERS[f](value)
    return value


def context_for(dag, data_interval_start, run_type="scheduled"):
    """The template context of a run of a daily/weekly DAG whose data interval starts at the given time."""
    end = data_interval_start + interval(dag.schedule)
    logical = data_interval_start
    return {
        "ds": logical.strftime("%Y-%m-%d"), "ds_nodash": logical.strftime("%Y%m%d"),
        "ts": logical.isoformat(), "logical_date": logical,
        "data_interval_start": data_interval_start, "data_interval_end": end,
        "run_id": f"{run_type}__{logical.isoformat()}", "dag": dag, "params": dag.params,
    }


def interval(schedule):
    spans = {"@daily": timedelta(days=1), "@weekly": timedelta(weeks=1), "@hourly": timedelta(hours=1)}
    if schedule not in spans:
        raise AirflowStandInError(f"schedule the stand-in does not support: {schedule}")
    return spans[schedule]


def install():
    """Registers the stand-in under Airflow's module names (only for the test process)."""
    def module(name, **attrs):
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        m.__airflow_standin__ = True
        sys.modules[name] = m
        return m

    module("airflow", DAG=DAG)
    module("airflow.models", DAG=DAG, BaseOperator=BaseOperator, Variable=Variable)
    module("airflow.models.dag", DAG=DAG)
    module("airflow.models.baseoperator", BaseOperator=BaseOperator)
    module("airflow.models.variable", Variable=Variable)
    module("airflow.providers")
    module("airflow.providers.apache")
    module("airflow.providers.apache.spark")
    module("airflow.providers.apache.spark.operators")
    module("airflow.providers.apache.spark.operators.spark_submit", SparkSubmitOperator=SparkSubmitOperator)


def load_dag_file(path):
    """Imports a DAG file as the scheduler parses it; returns (module, [DAG objects], seconds)."""
    import importlib.util
    import time
    install()
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in sys.path:
        sys.path.insert(0, folder)  # Airflow puts the dags folder on sys.path: DAG files import their helpers
    name = "dagfile_" + os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    _PARSING.append(path)
    started = time.perf_counter()
    try:
        spec.loader.exec_module(module)
    finally:
        _PARSING.pop()
    seconds = time.perf_counter() - started
    dags = [v for v in vars(module).values() if isinstance(v, DAG)]
    return module, dags, seconds


UTC = timezone.utc
__all__ = ["DAG", "BaseOperator", "SparkSubmitOperator", "Variable", "install", "load_dag_file", "context_for",
           "render", "AirflowStandInError", "UTC", "datetime"]
