"""Fails loudly if a moto upgrade breaks the launcher's staging (run by scripts/test)."""

import json
import subprocess
import urllib.request
import sys
import os

import boto3
import botocore.exceptions
from botocore.config import Config

here = os.path.dirname(os.path.abspath(__file__))
proc = subprocess.Popen([sys.executable, os.path.join(here, "moto_launcher.py")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
try:
    line = proc.stdout.readline().strip()
    assert line.startswith("READY http://127.0.0.1:"), line
    kw = dict(endpoint_url=line.split()[1], region_name="ap-northeast-1", aws_access_key_id="test", aws_secret_access_key="test")
    ec2 = boto3.client("ec2", **kw)
    tags = [{"Key": "kiriwake:stage:system-status", "Value": "impaired"}, {"Key": "kiriwake:stage:event", "Value": "instance-retirement@2026-12-09T00:00:00Z"}]
    iid = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, TagSpecifications=[{"ResourceType": "instance", "Tags": tags}])["Instances"][0]["InstanceId"]
    healthy = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    st = {s["InstanceId"]: s for s in ec2.describe_instance_status(InstanceIds=[iid, healthy], IncludeAllInstances=True)["InstanceStatuses"]}
    assert st[iid]["SystemStatus"]["Status"] == "impaired", st[iid]
    assert st[iid]["SystemStatus"]["Details"][0]["Status"] == "failed", st[iid]
    assert st[iid]["InstanceStatus"]["Status"] == "ok", st[iid]
    assert st[iid]["Events"][0]["Code"] == "instance-retirement", st[iid]
    assert st[iid]["AttachedEbsStatus"]["Status"] == "ok", st[iid]
    assert st[healthy]["SystemStatus"]["Status"] == "ok" and not st[healthy].get("Events"), st[healthy]

    cgw = ec2.create_customer_gateway(Type="ipsec.1", PublicIp="198.51.100.7", BgpAsn=65000)["CustomerGateway"]["CustomerGatewayId"]
    vgw = ec2.create_vpn_gateway(Type="ipsec.1")["VpnGateway"]["VpnGatewayId"]
    vpn = ec2.create_vpn_connection(Type="ipsec.1", CustomerGatewayId=cgw, VpnGatewayId=vgw)["VpnConnection"]["VpnConnectionId"]
    ec2.create_tags(Resources=[vpn], Tags=[{"Key": "kiriwake:stage:tunnels", "Value": "DOWN,DOWN"}])
    tele = ec2.describe_vpn_connections(VpnConnectionIds=[vpn])["VpnConnections"][0]["VgwTelemetry"]
    assert [t["Status"] for t in tele] == ["DOWN", "DOWN"], tele

    rds = boto3.client("rds", **kw)
    rds.create_db_instance(DBInstanceIdentifier="orders-db", DBInstanceClass="db.t3.micro", Engine="postgres", AllocatedStorage=20,
                           MasterUsername="admin", MasterUserPassword="password123", Tags=[{"Key": "kiriwake:stage:status", "Value": "storage-full"}])
    db = rds.describe_db_instances(DBInstanceIdentifier="orders-db")["DBInstances"][0]
    assert db["DBInstanceStatus"] == "storage-full", db["DBInstanceStatus"]
    health = boto3.client("health", **dict(kw, region_name="us-east-1"))
    try:
        health.describe_events()
        raise AssertionError("Health must answer SubscriptionRequiredException")
    except health.exceptions.ClientError as e:
        assert e.response["Error"]["Code"] == "SubscriptionRequiredException", e.response
    sg = ec2.create_security_group(GroupName="web", Description="web")["GroupId"]
    ec2.create_tags(Resources=[sg], Tags=[{"Key": "kiriwake:stage:changes", "Value": "AuthorizeSecurityGroupIngress@2026-11-25T00:50:00Z@alice"}])
    trail = boto3.client("cloudtrail", **kw)
    found = trail.lookup_events(LookupAttributes=[{"AttributeKey": "ResourceName", "AttributeValue": sg}])["Events"]
    assert [(e["EventName"], e["Username"]) for e in found] == [("AuthorizeSecurityGroupIngress", "alice")], found
    assert trail.lookup_events(LookupAttributes=[{"AttributeKey": "ResourceName", "AttributeValue": healthy}])["Events"] == []
    # API faults, answered in each service's protocol, used up after `times`.
    def stage(faults):
        req = urllib.request.Request(line.split()[1] + "/_kiriwake/faults", data=json.dumps(faults).encode(), method="POST")
        urllib.request.urlopen(req).read()

    no_retry = Config(retries={"total_max_attempts": 1, "mode": "standard"})
    sns = boto3.client("sns", config=no_retry, **kw)
    topic = sns.create_topic(Name="pages")["TopicArn"]
    other = sns.create_topic(Name="alerts")["TopicArn"]
    stage([{"service": "sns", "operation": "Publish", "body": topic, "error": "KMSDisabled", "times": 1},
           {"service": "ec2", "operation": "DescribeInstanceStatus", "error": "RequestLimitExceeded", "status": 503},
           {"service": "dynamodb", "error": "ThrottlingException"}])
    for call, code in [
        (lambda: sns.publish(TopicArn=topic, Message="m"), "KMSDisabled"),
        (lambda: boto3.client("ec2", config=no_retry, **kw).describe_instance_status(), "RequestLimitExceeded"),
        (lambda: boto3.client("dynamodb", config=no_retry, **kw).list_tables(), "ThrottlingException"),
    ]:
        try:
            call()
            raise AssertionError(f"{code} was staged")
        except botocore.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == code, e.response
    sns.publish(TopicArn=topic, Message="m")  # used up
    sns.publish(TopicArn=other, Message="m")  # another topic: never matched
    hits = [f["hits"] for f in json.loads(urllib.request.urlopen(line.split()[1] + "/_kiriwake/faults").read())]
    assert hits == [1, 1, 1], hits
    stage([])
    ec2.describe_instance_status()
    # DescribeStateMachineForExecution: the definition an execution started with.
    sfn = boto3.client("stepfunctions", **kw)
    first = json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
    second = json.dumps({"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}})
    machine = sfn.create_state_machine(name="m", definition=first, roleArn="arn:aws:iam::123456789012:role/r")["stateMachineArn"]
    started = sfn.start_execution(stateMachineArn=machine, name="before")["executionArn"]
    sfn.update_state_machine(stateMachineArn=machine, definition=second)
    assert sfn.describe_state_machine_for_execution(executionArn=started)["definition"] == first
    assert sfn.describe_state_machine(stateMachineArn=machine)["definition"] == second
    print("moto launcher: staging works on moto", __import__("moto").__version__)
finally:
    proc.stdin.close()
    proc.wait(timeout=20)
