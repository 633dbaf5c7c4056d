"""Seeds the AWS emulator (moto) with the EMR estate the kernel and the sidebar look at.

Everything is created through boto3 against the emulator's HTTP endpoint, as a client would.
Two things the AWS API cannot express are settled afterwards through moto's in-process backend
objects (see `settle_states`): moto starts the first step of a cluster as RUNNING and every later
one as PENDING, forever, and EMR-on-EKS job runs stay RUNNING until cancelled. The kernel needs a
finished step and a finished job run to render, so `settle_states` must run inside the process that
serves the emulator (stack/aws/server.py does that).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import random
from pathlib import Path
from typing import Any

import boto3
import requests

ACCOUNT_ID = "123456789012"
CLUSTER_NAME = "emr-local-analytics"
RELEASE_LABEL = "emr-7.9.0"
VIRTUAL_CLUSTER_NAME = "emr-eks-analytics"
SERVERLESS_APPLICATION_NAME = "notebooks-interactive"
LOG_BUCKET = "bronze-logs"
LOG_KEY = "access/dt=2026-01-15/access.log"
# The gzip copy lives under a prefix of its own: Hive, Spark and S3 listings read every file under a
# folder, so a copy next to the plain log would count each line twice in anything reading `access/`.
GZIP_LOG_KEY = "access-gzip/dt=2026-01-15/access.log.gz"
LOG_LINES = 400
# The Glue Data Catalog's database over the logs (seed_glue_catalog).
GLUE_DATABASE = "bronze"
# The seeded cluster's CloudWatch metrics (see emr_metric_points).
METRIC_PERIOD = dt.timedelta(minutes=5)
METRICS_BEFORE = dt.timedelta(hours=3)
METRICS_AFTER = dt.timedelta(hours=48)
IDLE_FROM = dt.timedelta(minutes=45)
# Fixed so that ids (j-..., s-..., virtual cluster and job run ids) are the same after every restart.
MOTO_RANDOM_SEED = 20260115


def client(service: str, endpoint: str, region: str):
    # Explicit dummy credentials: never let the default chain look for real ones (or probe IMDS).
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def access_log_lines(count: int) -> list[str]:
    """Apache combined-format lines, identical on every run (fixed RNG seed and clock)."""
    rng = random.Random(42)
    # Documentation address ranges (RFC 5737): text only, nothing ever connects to them.
    clients = [f"198.51.100.{i}" for i in range(10, 40)] + [f"203.0.113.{i}" for i in range(5, 25)]
    paths = [
        ("GET", "/", 200),
        ("GET", "/index.html", 200),
        ("GET", "/products?id={n}", 200),
        ("GET", "/cart", 200),
        ("POST", "/cart/add", 201),
        ("POST", "/checkout", 302),
        ("GET", "/static/app.{n}.js", 200),
        ("GET", "/static/style.css", 304),
        ("GET", "/api/v1/orders/{n}", 200),
        ("GET", "/api/v1/orders/{n}", 404),
        ("DELETE", "/api/v1/cart/{n}", 204),
        ("GET", "/admin", 403),
        ("GET", "/api/v1/search?q=shoes", 500),
    ]
    agents = [
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
        "curl/8.5.0",
        "python-requests/2.31.0",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
    ]
    referers = ["-", "https://shop.example.com/", "https://www.example.org/search?q=shop"]
    t = dt.datetime(2026, 1, 15, 0, 0, 0, tzinfo=dt.timezone.utc)
    lines = []
    for _ in range(count):
        t += dt.timedelta(seconds=rng.randint(1, 180))
        method, path, status = rng.choice(paths)
        path = path.format(n=rng.randint(1, 9999))
        size = 0 if status in (204, 304) else rng.randint(120, 48000)
        user = rng.choice(["-", "-", "-", "alice", "bob"])
        lines.append(
            f'{rng.choice(clients)} - {user} [{t.strftime("%d/%b/%Y:%H:%M:%S %z")}] '
            f'"{method} {path} HTTP/1.1" {status} {size} "{rng.choice(referers)}" "{rng.choice(agents)}"'
        )
    return lines


def emr_metric_points(now: dt.datetime) -> list[dict[str, Any]]:
    """Five-minute EMR metrics for the side panel's load charts, identical on every run but for the clock.

    From METRICS_BEFORE before the seed to METRICS_AFTER after it: CloudWatch answers the panel's
    "last 3 hours" with what is stored, and moto stores only what it is given, so points ahead of
    the seed keep the charts and the idle notice alive for a stack that stays up for hours.
    The cluster works for a while, then sits idle from IDLE_FROM before the seed on.
    """
    rng = random.Random(7)
    start = now.replace(second=0, microsecond=0) - METRICS_BEFORE
    start -= dt.timedelta(minutes=start.minute % 5)
    points = []
    for i in range(int((METRICS_BEFORE + METRICS_AFTER) / METRIC_PERIOD)):
        at = start + i * METRIC_PERIOD
        idle = at >= now - IDLE_FROM
        apps = 0 if idle else rng.choice([1, 1, 2, 2, 3])
        values = {
            "YARNMemoryAvailablePercentage": 96.0 if idle else round(rng.uniform(18, 70), 1),
            "ContainerPending": 0 if idle else rng.choice([0, 0, 2, 5, 8, 12]),
            "AppsRunning": apps,
            "IsIdle": 1 if idle else 0,
            "HDFSUtilization": round(31.0 + i * 0.02 + rng.uniform(-0.3, 0.3), 2),
            "CoreNodesRunning": 2,
            "TaskNodesRunning": 3,
        }
        for name, value in values.items():
            points.append({
                "MetricName": name,
                "Dimensions": [{"Name": "JobFlowId", "Value": ""}],
                "Timestamp": at,
                "Value": float(value),
                "Unit": "Percent" if name.endswith(("Percentage", "Utilization")) else "Count",
            })
    return points


def seed_emr_metrics(endpoint: str, region: str, cluster_id: str) -> int:
    cloudwatch = client("cloudwatch", endpoint, region)
    points = emr_metric_points(dt.datetime.now(dt.timezone.utc))
    for point in points:
        point["Dimensions"][0]["Value"] = cluster_id
    # PutMetricData takes at most 1000 values per call.
    for i in range(0, len(points), 500):
        cloudwatch.put_metric_data(Namespace="AWS/ElasticMapReduce", MetricData=points[i:i + 500])
    return len(points)


def seed_glue_catalog(endpoint: str, region: str) -> dict[str, Any]:
    """A Glue database over the bronze access logs in S3, for the side panel's catalog and completion.

    Two external tables, the plain and the gzipped copy, each one string column per log line and
    partitioned by the `dt=` folder the objects sit in, as a Glue crawler would register them.
    """
    glue = client("glue", endpoint, region)
    glue.create_database(DatabaseInput={"Name": GLUE_DATABASE, "Description": "Raw logs as delivered to S3"})
    tables = []
    for name, key, compression in (("access_logs", LOG_KEY, "none"), ("access_logs_gzip", GZIP_LOG_KEY, "gzip")):
        folder = key.split("/dt=")[0]
        glue.create_table(
            DatabaseName=GLUE_DATABASE,
            TableInput={
                "Name": name,
                "TableType": "EXTERNAL_TABLE",
                "Parameters": {"classification": "text", "compressionType": compression},
                "PartitionKeys": [{"Name": "dt", "Type": "string", "Comment": "delivery day"}],
                "StorageDescriptor": {
                    "Location": f"s3://{LOG_BUCKET}/{folder}/",
                    "Columns": [{"Name": "line", "Type": "string", "Comment": "one access log line, combined format"}],
                    "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
                    "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                    "SerdeInfo": {"SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"},
                },
            },
        )
        tables.append(name)
    return {"database": GLUE_DATABASE, "tables": tables}


def seed(endpoint: str, region: str, stack_dir: Path, livy_url: str) -> dict[str, Any]:
    requests.post(f"{endpoint}/moto-api/seed?a={MOTO_RANDOM_SEED}", timeout=10).raise_for_status()

    emr = client("emr", endpoint, region)
    existing = emr.list_clusters(ClusterStates=["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"])
    if any(c["Name"] == CLUSTER_NAME for c in existing["Clusters"]):
        raise RuntimeError("emulator already seeded; restart it (stack/run down moto) to reseed")

    cluster = emr.run_job_flow(
        Name=CLUSTER_NAME,
        ReleaseLabel=RELEASE_LABEL,
        LogUri=f"s3://{LOG_BUCKET}/emr-logs/",
        Applications=[{"Name": n} for n in ("Hadoop", "Spark", "Livy", "Hive", "JupyterEnterpriseGateway")],
        Instances={
            "InstanceGroups": [
                {"Name": "Primary", "InstanceRole": "MASTER", "Market": "ON_DEMAND",
                 "InstanceType": "m5.xlarge", "InstanceCount": 1},
                {"Name": "Core", "InstanceRole": "CORE", "Market": "ON_DEMAND",
                 "InstanceType": "r5.2xlarge", "InstanceCount": 2},
                {"Name": "Task - spot", "InstanceRole": "TASK", "Market": "SPOT", "BidPrice": "0.20",
                 "InstanceType": "r5.2xlarge", "InstanceCount": 3},
            ],
            "Ec2SubnetId": "subnet-0a1b2c3d4e5f60718",
            "KeepJobFlowAliveWhenNoSteps": True,
            "TerminationProtected": False,
        },
        JobFlowRole="EMR_EC2_DefaultRole",
        ServiceRole="EMR_DefaultRole",
        VisibleToAllUsers=True,
        Tags=[{"Key": "env", "Value": "local"}, {"Key": "team", "Value": "data-platform"}],
    )
    cluster_id = cluster["JobFlowId"]

    def spark_step(name: str, script: str) -> dict[str, Any]:
        return {
            "Name": name,
            "ActionOnFailure": "CONTINUE",
            "HadoopJarStep": {
                "Jar": "command-runner.jar",
                "Args": ["spark-submit", "--deploy-mode", "cluster", f"s3://{LOG_BUCKET}/jobs/{script}"],
            },
        }

    step_ids = emr.add_job_flow_steps(
        JobFlowId=cluster_id,
        Steps=[
            spark_step("bronze-to-silver access logs", "bronze_to_silver.py"),
            spark_step("silver daily aggregates", "daily_aggregates.py"),
            spark_step("silver export to aurora", "export_aurora.py"),
        ],
    )["StepIds"]

    eks = client("emr-containers", endpoint, region)
    vc = eks.create_virtual_cluster(
        name=VIRTUAL_CLUSTER_NAME,
        containerProvider={
            "id": "analytics-eks",
            "type": "EKS",
            "info": {"eksInfo": {"namespace": "spark-jobs"}},
        },
        tags={"env": "local"},
    )
    vc_id = vc["id"]
    job_runs = []
    for name, script in (("nightly-sessionize", "sessionize.py"), ("hourly-bronze-compact", "compact.py")):
        run = eks.start_job_run(
            name=name,
            virtualClusterId=vc_id,
            clientToken=f"seed-{name}",
            executionRoleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/emr-eks-job-execution",
            releaseLabel=f"{RELEASE_LABEL}-latest",
            jobDriver={
                "sparkSubmitJobDriver": {
                    "entryPoint": f"s3://{LOG_BUCKET}/jobs/{script}",
                    "sparkSubmitParameters": "--conf spark.executor.instances=2",
                }
            },
        )
        job_runs.append({"id": run["id"], "name": name})

    # EMR Serverless: an application with a Livy endpoint, stopped as an idle one is (the panel's Connect
    # starts it), with two job runs; settle_states finishes them and names its architecture.
    serverless = client("emr-serverless", endpoint, region)
    application_id = serverless.create_application(
        name=SERVERLESS_APPLICATION_NAME,
        releaseLabel=RELEASE_LABEL,
        type="SPARK",
        architecture="ARM64",
        clientToken="seed-notebooks-interactive",
        interactiveConfiguration={"livyEndpointEnabled": True},
    )["applicationId"]
    serverless_runs = []
    for name, script in (("daily-sessionize", "sessionize.py"), ("weekly-compact", "compact.py")):
        run = serverless.start_job_run(
            applicationId=application_id,
            clientToken=f"seed-{name}",
            executionRoleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/emr-serverless-job-execution",
            name=name,
            jobDriver={"sparkSubmit": {"entryPoint": f"s3://{LOG_BUCKET}/jobs/{script}"}},
        )
        serverless_runs.append({"id": run["jobRunId"], "name": name})
    serverless.stop_application(applicationId=application_id)

    secrets = client("secretsmanager", endpoint, region)
    secret_refs = {}
    for engine_key in ("postgres", "mariadb"):
        secret_file = stack_dir / "secrets" / f"{engine_key}.json"
        name = f"silver/{engine_key}"
        created = secrets.create_secret(
            Name=name,
            Description=f"Aurora stand-in ({engine_key}) credentials for silver writes",
            SecretString=secret_file.read_text(encoding="utf-8"),
        )
        secret_refs[engine_key] = {"name": name, "arn": created["ARN"], "file": str(secret_file)}

    s3 = client("s3", endpoint, region)
    s3.create_bucket(Bucket=LOG_BUCKET)
    body = ("\n".join(access_log_lines(LOG_LINES)) + "\n").encode("utf-8")
    s3.put_object(Bucket=LOG_BUCKET, Key=LOG_KEY, Body=body, ContentType="text/plain")
    # The same lines gzipped, as EMR/ALB deliver them, for code paths that read compressed logs.
    s3.put_object(Bucket=LOG_BUCKET, Key=GZIP_LOG_KEY, Body=gzip.compress(body, mtime=0))
    glue_catalog = seed_glue_catalog(endpoint, region)
    # Last: PutMetricData draws on moto's seeded random numbers, which would change the ids above.
    metric_points = seed_emr_metrics(endpoint, region, cluster_id)

    return {
        "endpoint": endpoint,
        "region": region,
        "accountId": ACCOUNT_ID,
        "emr": {
            "clusterId": cluster_id,
            "clusterName": CLUSTER_NAME,
            "releaseLabel": RELEASE_LABEL,
            "stepIds": step_ids,
            "metricPoints": metric_points,
        },
        "emrContainers": {
            "virtualClusterId": vc_id,
            "virtualClusterName": VIRTUAL_CLUSTER_NAME,
            "jobRuns": job_runs,
        },
        "emrServerless": {
            "applicationId": application_id,
            "applicationName": SERVERLESS_APPLICATION_NAME,
            "releaseLabel": RELEASE_LABEL,
            "architecture": "ARM64",
            "jobRuns": serverless_runs,
        },
        "secrets": secret_refs,
        "s3": {
            "bucket": LOG_BUCKET,
            "key": LOG_KEY,
            "gzipKey": GZIP_LOG_KEY,
            "lines": LOG_LINES,
            "bytes": len(body),
        },
        # moto's MasterPublicDnsName is fabricated; the kernel resolves a cluster to Livy through this.
        "livyUrls": {cluster_id: livy_url},
        "glue": glue_catalog,
        # The same for the EMR Serverless application, whose Livy endpoint moto does not serve.
        "serverlessLivyUrls": {application_id: livy_url},
    }


def settle_states(seeded: dict[str, Any]) -> None:
    """Moves the seeded steps and job runs into finished states. Only valid inside the moto process."""
    from moto.emr.models import emr_backends
    from moto.emrcontainers.models import emrcontainers_backends

    region = seeded["region"]
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)

    cluster = emr_backends[ACCOUNT_ID][region].clusters[seeded["emr"]["clusterId"]]
    done, running, pending = cluster.steps
    done.state = "COMPLETED"
    done.start_date_time = now - dt.timedelta(minutes=42)
    done.end_date_time = now - dt.timedelta(minutes=11)
    done.last_state_change_reason = "Steps completed"
    running.state = "RUNNING"
    running.start_date_time = now - dt.timedelta(minutes=11)
    pending.state = "PENDING"

    backend = emrcontainers_backends[ACCOUNT_ID][region]
    first, second = (backend.job_runs[r["id"]] for r in seeded["emrContainers"]["jobRuns"])
    first.state = "COMPLETED"
    first.finished_at = now - dt.timedelta(hours=3)
    first.state_details = "JobRun completed successfully. It ran for 18 Minutes 4 Seconds"
    second.state = "RUNNING"

    # moto keeps neither an application's architecture nor its interactive configuration, and starts
    # every job run as SUCCESS at midnight: give the panel what AWS would show.
    from moto.emrserverless.models import emrserverless_backends

    serverless_backend = emrserverless_backends[ACCOUNT_ID][region]
    application_id = seeded["emrServerless"]["applicationId"]
    application = serverless_backend.applications[application_id]
    application.architecture = seeded["emrServerless"]["architecture"]
    application.interactive_configuration = {"livyEndpointEnabled": True, "studioEnabled": False}
    older, newer = serverless_backend.job_runs[application_id]
    older.created_at = older.updated_at = now - dt.timedelta(hours=20)
    older.total_execution_duration_seconds = 1460
    newer.created_at = newer.updated_at = now - dt.timedelta(hours=2)
    newer.state = "FAILED"
    newer.state_details = "Job failed, please check complete logs in configured logging destination."
    seeded["emrServerless"]["jobRuns"] = [
        {"id": j.id, "name": j.name, "state": j.state} for j in (older, newer)
    ]

    seeded["emr"]["steps"] = [
        {"id": s.id, "name": s.name, "state": s.state} for s in cluster.steps
    ]
    seeded["emrContainers"]["jobRuns"] = [
        {"id": j.id, "name": j.name, "state": j.state} for j in (first, second)
    ]


def write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)
