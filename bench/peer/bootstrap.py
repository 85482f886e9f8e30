"""The Python peer of kiriwake's isolation, for `scripts/bench` only (never deployed).

What users would otherwise write, as AWS Health Aware and most alarm-enrichment samples
are written: one Python Lambda on boto3 that parses the event, makes the same read calls
as kiriwake's three check functions in the method's order (user side, AWS side, outside
AWS), decides in that order, and publishes the result to SNS. Calls run one after another,
as such samples make them. It runs as a custom runtime (this file is its bootstrap): the
Lambda Runtime API loop below, then boto3 clients built at start as kiriwake's are, so its
cold start is measured the same way.
"""

import datetime
import json
import os
import urllib.request

import boto3
import botocore.config
import botocore.exceptions

API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"
CONFIG = botocore.config.Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=3, read_timeout=5)
EC2 = boto3.client("ec2", config=CONFIG)
CLOUDWATCH = boto3.client("cloudwatch", config=CONFIG)
LOGS = boto3.client("logs", config=CONFIG)
CLOUDTRAIL = boto3.client("cloudtrail", config=CONFIG)
RDS = boto3.client("rds", config=CONFIG)
HEALTH = boto3.client("health", region_name="us-east-1", config=CONFIG)
SNS = boto3.client("sns", config=CONFIG)
TOPIC = os.environ.get("KIRIWAKE_TOPIC_ARN", "")
PREFIX = os.environ.get("KIRIWAKE_LOG_GROUP_PREFIX", "/")
ERROR_TERMS = ("ERROR", "Exception", "Out of memory", "Killed process", "FATAL", "panic")


def resources(event):
    """The instance, DB or VPN the event is about."""
    if "alarmData" in event:
        metrics = event["alarmData"].get("configuration", {}).get("metrics", [])
    elif event.get("source") == "aws.cloudwatch":
        metrics = event.get("detail", {}).get("configuration", {}).get("metrics", [])
    elif event.get("source") == "aws.rds":
        return {"db": event.get("detail", {}).get("SourceIdentifier")}
    elif event.get("source") == "aws.health":
        return {"instances": [e.get("entityValue") for e in event["detail"].get("affectedEntities", [])]}
    else:
        return {"instances": [event.get("resource")]}
    found = {"instances": [], "vpn": None}
    for m in metrics:
        dims = m.get("metricStat", {}).get("metric", {}).get("dimensions", {})
        if "InstanceId" in dims:
            found["instances"].append(dims["InstanceId"])
        if "VpnId" in dims:
            found["vpn"] = dims["VpnId"]
        if "DBInstanceIdentifier" in dims:
            found["db"] = dims["DBInstanceIdentifier"]
    return found


def call(findings, name, fn):
    try:
        return fn()
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        findings.append((name, "unavailable", str(e)[:200]))
        return None


def isolate(event):
    now = datetime.datetime.now(datetime.timezone.utc)
    since = now - datetime.timedelta(hours=1)
    found = resources(event)
    findings = []
    instances = [i for i in found.get("instances", []) if i]
    # Step 1, user side: instance status, OS and resources, application logs, siblings, changes.
    statuses = {}
    if instances:
        out = call(findings, "status", lambda: EC2.describe_instance_status(InstanceIds=instances, IncludeAllInstances=True))
        for s in (out or {}).get("InstanceStatuses", []):
            statuses[s["InstanceId"]] = s
            if s["InstanceStatus"]["Status"] == "impaired":
                findings.append(("instance_status", "abnormal", s["InstanceId"]))
        described = call(findings, "instances", lambda: EC2.describe_instances(InstanceIds=instances))
        for reservation in (described or {}).get("Reservations", []):
            for instance in reservation["Instances"]:
                iid = instance["InstanceId"]
                tags = {t["Key"]: t["Value"] for t in instance.get("Tags", [])}
                queries = [{"Id": f"m{i}", "MetricStat": {"Metric": {"Namespace": ns, "MetricName": name, "Dimensions": [{"Name": "InstanceId", "Value": iid}]}, "Period": 300, "Stat": "Maximum"}}
                           for i, (ns, name) in enumerate([("AWS/EC2", "CPUUtilization"), ("CWAgent", "mem_used_percent"), ("CWAgent", "disk_used_percent")])]
                data = call(findings, "metrics", lambda: CLOUDWATCH.get_metric_data(MetricDataQueries=queries, StartTime=since, EndTime=now))
                for r in (data or {}).get("MetricDataResults", []):
                    if any(v >= 90 for v in r.get("Values", [])):
                        findings.append(("resources", "abnormal", r["Id"]))
                for key in ("kiriwake:os-log-groups", "kiriwake:app-log-groups"):
                    for group in filter(None, tags.get(key, "").split(",")):
                        if not group.startswith(PREFIX):
                            continue
                        logs = call(findings, key, lambda: LOGS.filter_log_events(logGroupName=group, startTime=int(since.timestamp() * 1000), limit=50))
                        if any(t in e["message"] for e in (logs or {}).get("events", []) for t in ERROR_TERMS):
                            findings.append(("os_logs" if "os" in key else "application_logs", "abnormal", group))
                group = tags.get("System")
                if group:
                    call(findings, "siblings", lambda: EC2.describe_instances(Filters=[{"Name": "tag:System", "Values": [group]}]))
                call(findings, "changes", lambda: CLOUDTRAIL.lookup_events(LookupAttributes=[{"AttributeKey": "ResourceName", "AttributeValue": iid}], StartTime=since, EndTime=now))
    if found.get("db"):
        db = call(findings, "db", lambda: RDS.describe_db_instances(DBInstanceIdentifier=found["db"]))
        for d in (db or {}).get("DBInstances", []):
            if d["DBInstanceStatus"] != "available":
                findings.append(("db_status", "abnormal", d["DBInstanceStatus"]))
        call(findings, "db_events", lambda: RDS.describe_events(SourceIdentifier=found["db"], SourceType="db-instance", Duration=60))
    # Step 2, AWS side: system status, scheduled events, AWS Health.
    for s in statuses.values():
        if s["SystemStatus"]["Status"] == "impaired":
            findings.append(("system_status", "abnormal", s["InstanceId"]))
        for e in s.get("Events", []):
            findings.append(("scheduled_event", "abnormal", e["Code"]))
    health = call(findings, "health", lambda: HEALTH.describe_events(filter={"eventStatusCodes": ["open"]}))
    for e in (health or {}).get("events", []):
        findings.append(("health", "abnormal", e["eventTypeCode"]))
    # Step 3, outside AWS: VPN tunnels.
    vpns = call(findings, "vpn", lambda: EC2.describe_vpn_connections())
    for v in (vpns or {}).get("VpnConnections", []):
        if any(t["Status"] == "DOWN" for t in v.get("VgwTelemetry", [])):
            findings.append(("vpn", "abnormal", v["VpnConnectionId"]))
    # The decision, in the method's order: AWS side first, then the instance, the
    # application, outside AWS.
    kinds = {f[0] for f in findings if f[1] == "abnormal"}
    if kinds & {"system_status", "scheduled_event", "health"}:
        verdict = "aws_side"
    elif kinds & {"instance_status", "resources", "os_logs", "db_status"}:
        verdict = "instance"
    elif "application_logs" in kinds:
        verdict = "application"
    elif "vpn" in kinds:
        verdict = "outside_aws"
    else:
        verdict = "unknown"
    body = json.dumps({"verdict": verdict, "findings": findings}, default=str, indent=2)
    published = SNS.publish(TopicArn=TOPIC, Subject=f"[peer] {verdict}", Message=body)
    return {"verdict": verdict, "findings": len(findings), "message_id": published["MessageId"]}


def main():
    while True:
        with urllib.request.urlopen(API + "/invocation/next") as r:
            request_id = r.headers["Lambda-Runtime-Aws-Request-Id"]
            event = json.loads(r.read())
        try:
            answer, path = json.dumps(isolate(event)).encode(), "response"
        except Exception as e:  # a custom runtime reports any failure to the API
            answer, path = json.dumps({"errorType": type(e).__name__, "errorMessage": str(e)}).encode(), "error"
        req = urllib.request.Request(f"{API}/invocation/{request_id}/{path}", data=answer, method="POST")
        urllib.request.urlopen(req).read()


if __name__ == "__main__":
    main()
