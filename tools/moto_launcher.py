"""moto in server mode for kiriwake, with the faults moto cannot express staged by tags.

moto answers EC2 status checks as always `ok` with no scheduled events, VPN tunnels without
telemetry and RDS instances as always `available`. This launcher patches those model
properties so a resource tagged `kiriwake:stage:<what>` answers as AWS would for that fault:

  EC2 instance  kiriwake:stage:system-status   = impaired
                kiriwake:stage:instance-status = impaired
                kiriwake:stage:ebs-status      = impaired
                kiriwake:stage:event           = instance-retirement[@2026-12-09T00:00:00Z]
  VPN           kiriwake:stage:tunnels         = DOWN,UP   (one status per tunnel)
  RDS instance  kiriwake:stage:status          = storage-full | failed | incompatible-network …

moto has no CloudTrail event history. The launcher answers `LookupEvents` (by resource name)
from changes staged on the resource itself:

  EC2 resource  kiriwake:stage:changes = EventName@2026-11-25T00:50:00Z@who[;…]
  (instance, security group, subnet…; e.g. AuthorizeSecurityGroupIngress@…@alice)

moto has no AWS Health service (it answers with an HTML 500 and leaves the connection open).
The launcher answers Health the way most accounts' AWS Health API does — without Business
support: `SubscriptionRequiredException`.

State machines execute (moto's `stepfunctions.execute_state_machine`, the interpreter
LocalStack uses). Its Lambda tasks call the Lambda Invoke API; moto's own Lambda needs Docker,
so with `--lambda-endpoint URL` the interpreter's Lambda client is aimed at a local Lambda
Runtime API emulator (cargo-lambda's `watch`), which runs the real function binaries. The
state machine names functions by ARN; the emulator serves them by name, the ARN's function
part. `POST /_kiriwake/fail {"functions": ["kiriwake-notify"]}` makes the state machine's
invocations of those functions fail for real: the function receives a payload it cannot read
and answers with an error through the Runtime API (`[]` restores normal service).

API faults are staged per call: `POST /_kiriwake/faults [{"service": "sns", "operation":
"Publish", "error": "KMSDisabled", "times": 2}, …]` answers matching requests with that error
(throttling, access denied, a disabled key, a hung call with `delay`) in the service's own
protocol, so the SDK's production retry configuration meets them as it would AWS's (see
FAULTS below; `[]` clears them).

`DescribeStateMachineForExecution` answers the definition the execution started with, as
AWS does (moto answers the state machine's current one): `kiriwake prune` keeps the
function versions a running execution still names.

Every request is counted by the access key that signed it, its service and operation:
`GET /_kiriwake/calls` answers {"<access key>": {"<service>:<operation>": n}} (what a storm cost
in AWS calls); `POST /_kiriwake/calls` starts the count again.

Usage: moto_launcher.py [--port N] [--lambda-endpoint URL]   (binds 127.0.0.1 only; prints
"READY <url>" when serving, stops on SIGTERM/SIGINT or when its standard input closes).
"""

import argparse
import copy
import datetime
import html
import importlib
import io
import json
import os
import pkgutil
import re
import signal
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import boto3
import botocore.exceptions
import botocore.response
import moto
import moto.stepfunctions.parser.asl.component.state.exec as interpreter_states
from botocore.config import Config
from moto.core.config import default_user_config
from moto.stepfunctions.parser.asl.utils import boto_client
from moto.ec2.models.instances import Instance
from moto.ec2.models.vpn_connections import VPNConnection
from moto.rds.models import DBInstance
from moto.core.responses import ActionResult
from moto.stepfunctions.exceptions import ResourceNotFound as StepFunctionsResourceNotFound
from moto.stepfunctions.models import StateMachine
from moto.stepfunctions.responses import StepFunctionResponse
from moto import backends as moto_backends
from moto.moto_server import werkzeug_app
from moto.server import ThreadedMotoServer

PINNED = "5.2.5"
STAGE = "kiriwake:stage:"
SINCE = datetime.datetime(2026, 11, 25, 0, 55, tzinfo=datetime.timezone.utc)


def ec2_stage(obj, what):
    for tag in obj.get_tags():
        key = tag.get("key") or tag.get("Key")
        if key == STAGE + what:
            return tag.get("value") or tag.get("Value")
    return None


def check(status, failed_since):
    if status == "impaired":
        return {
            "Status": "impaired",
            "Details": [{"Name": "reachability", "Status": "failed", "ImpairedSince": failed_since}],
        }
    return {"Status": "ok", "Details": [{"Name": "reachability", "Status": "passed"}]}


DEPLOYMENT_SOURCES = {"UpdateFunctionCode": "lambda.amazonaws.com", "CreateDeployment": "codedeploy.amazonaws.com"}


def staged_changes(name):
    """CloudTrail events staged by the `kiriwake:stage:changes` tag of the EC2 resource `name`."""
    from moto.ec2.models import ec2_backends

    for account, regions in ec2_backends.items():
        for region, backend in regions.items():
            staged = backend.tags.get(name, {}).get(STAGE + "changes")
            if not staged:
                continue
            events = []
            for i, entry in enumerate(filter(None, (e.strip() for e in staged.split(";")))):
                event, _, rest = entry.partition("@")
                when, _, who = rest.partition("@")
                at = datetime.datetime.fromisoformat(when.replace("Z", "+00:00")) if when else SINCE
                source = DEPLOYMENT_SOURCES.get(event, "ec2.amazonaws.com")
                record = {"eventName": event, "eventSource": source, "awsRegion": region,
                          "userIdentity": {"type": "IAMUser", "userName": who or "unknown"},
                          "eventTime": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "readOnly": False}
                events.append({
                    "EventId": f"kiriwake-{name}-{i}", "EventName": event, "ReadOnly": "false",
                    "EventTime": at.timestamp(), "EventSource": source, "Username": who or "unknown",
                    "Resources": [{"ResourceName": name}],
                    "CloudTrailEvent": json.dumps(record),
                })
            return events
    return []


def lookup_events(body):
    """CloudTrail `LookupEvents` over the staged changes: by ResourceName, within the times."""
    request = json.loads(body or b"{}")
    names = [a.get("AttributeValue") for a in request.get("LookupAttributes", []) if a.get("AttributeKey") == "ResourceName"]
    start, end = request.get("StartTime"), request.get("EndTime")
    events = [
        e for name in names for e in staged_changes(name)
        if (start is None or e["EventTime"] >= float(start)) and (end is None or e["EventTime"] <= float(end))
    ]
    events.sort(key=lambda e: -e["EventTime"])
    return {"Events": events[: int(request.get("MaxResults") or 50)]}


def cbor_text(text):
    data = text.encode()
    n = len(data)
    head = bytes([0x60 + n]) if n < 24 else bytes([0x78, n]) if n < 256 else bytes([0x79]) + n.to_bytes(2, "big")
    return head + data


def cbor_map(pairs):
    """A CBOR map of text to text (RFC 8949), enough for an error body."""
    return bytes([0xA0 + len(pairs)]) + b"".join(cbor_text(k) + cbor_text(v) for k, v in pairs.items())


# Where the state machine's Lambda tasks go, and which functions fail on purpose.
LOCAL = {"moto": None, "lambda": None, "fail": set()}


def function_name(name_or_arn):
    """`arn:aws:lambda:region:account:function:NAME[:qualifier]` → NAME."""
    parts = name_or_arn.split(":")
    return parts[6] if name_or_arn.startswith("arn:") and len(parts) >= 7 else name_or_arn


class LocalLambda:
    """The Lambda Invoke API in front of the local Lambda Runtime API emulator, answering as
    the Lambda service does. cargo-lambda's emulator answers a function's error with HTTP 500
    and the error as the body; the service answers 200 with `X-Amz-Function-Error: Unhandled`
    and the same body, which is what Step Functions turns into `{"Error", "Cause"}`."""

    def __init__(self, region):
        self._region = region

    def invoke(self, **params):
        name = function_name(params["FunctionName"])
        payload = params.get("Payload") or b"{}"
        if isinstance(payload, str):
            payload = payload.encode()
        if name in LOCAL["fail"]:
            note = f"kiriwake-local --fail {name}: this payload is not an input {name} can read"
            payload = json.dumps({"kiriwake-local": note}).encode()
        request = urllib.request.Request(
            f"{LOCAL['lambda']}/2015-03-31/functions/{urllib.parse.quote(name, safe='')}/invocations",
            data=payload,
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        request_id = str(uuid.uuid4())
        function_error = None
        try:
            with urllib.request.urlopen(request, timeout=900) as answer:
                body = answer.read()
        except urllib.error.URLError as e:
            if not isinstance(e, urllib.error.HTTPError):
                # The emulator is not there: what the Lambda service would call its own fault.
                raise botocore.exceptions.ClientError(
                    {
                        "Error": {"Code": "ServiceException", "Message": f"the local Lambda runtime is unreachable: {e.reason}"},
                        "ResponseMetadata": {"RequestId": request_id, "HTTPStatusCode": 503},
                    },
                    "Invoke",
                ) from None
            body = e.read()
            try:
                error = json.loads(body)
            except ValueError:
                error = None
            if e.code != 500 or not isinstance(error, dict) or "errorType" not in error:
                code = "ResourceNotFoundException" if e.code == 404 else "ServiceException"
                raise botocore.exceptions.ClientError(
                    {
                        "Error": {"Code": code, "Message": body.decode(errors="replace")[:500]},
                        "ResponseMetadata": {"RequestId": request_id, "HTTPStatusCode": e.code},
                    },
                    "Invoke",
                ) from None
            function_error = "Unhandled"
        response = {
            "StatusCode": 200,
            "ExecutedVersion": "$LATEST",
            "Payload": botocore.response.StreamingBody(io.BytesIO(body), len(body)),
            "ResponseMetadata": {"RequestId": request_id, "HTTPStatusCode": 200, "HTTPHeaders": {}},
        }
        if function_error:
            response["FunctionError"] = function_error
        return response


def interpreter_client(region, service, state_credentials=None):
    """What `boto_client_for` builds for the interpreter, aimed at 127.0.0.1 (this server, or
    the Lambda emulator behind `LocalLambda`), with the interpreter's own settings."""
    if service == "lambda":
        if not LOCAL["lambda"]:
            raise RuntimeError("moto_launcher: no --lambda-endpoint: Lambda tasks cannot run")
        return LocalLambda(region)
    return boto3.client(
        service_name=service,
        region_name=region,
        endpoint_url=LOCAL["moto"],
        aws_access_key_id="ak",
        aws_secret_access_key="sk",
        config=Config(
            parameter_validation=False,
            retries={"max_attempts": 0, "total_max_attempts": 1},
            connect_timeout=10,
            read_timeout=900,
        ),
    )


def patch_interpreter():
    """Turns state machine execution on and re-aims the interpreter's clients: every parser
    module that imported `boto_client_for` gets `interpreter_client`."""
    default_user_config["stepfunctions"]["execute_state_machine"] = True
    original = boto_client.boto_client_for
    patched = 0
    for info in pkgutil.walk_packages(interpreter_states.__path__, interpreter_states.__name__ + "."):
        module = importlib.import_module(info.name)
        if getattr(module, "boto_client_for", None) is original:
            module.boto_client_for = interpreter_client
            patched += 1
    if patched < 2:
        raise SystemExit("moto_launcher: the interpreter no longer imports boto_client_for; update the launcher")


def patch():
    """Adjusts moto's models. Fails loudly when moto's shape is not the one this was written for."""
    if moto.__version__ != PINNED:
        raise SystemExit(f"moto_launcher: written for moto {PINNED}, found {moto.__version__}")
    for cls, attrs in [(Instance, ["instance_status", "system_status", "get_tags"]), (VPNConnection, ["get_tags"])]:
        for attr in attrs:
            if not hasattr(cls, attr):
                raise SystemExit(f"moto_launcher: {cls.__name__}.{attr} is gone; update the launcher")

    original_instance_status = Instance.instance_status
    original_system_status = Instance.system_status

    def instance_status(self):
        staged = ec2_stage(self, "instance-status")
        return check(staged, SINCE) if staged and self.state_code == 16 else original_instance_status.fget(self)

    def system_status(self):
        staged = ec2_stage(self, "system-status")
        return check(staged, SINCE) if staged and self.state_code == 16 else original_system_status.fget(self)

    def attached_ebs_status(self):
        if self.state_code != 16:
            return None
        return check(ec2_stage(self, "ebs-status"), SINCE)

    def events(self):
        staged = ec2_stage(self, "event")
        if not staged:
            return []
        code, _, when = staged.partition("@")
        not_before = datetime.datetime.fromisoformat(when.replace("Z", "+00:00")) if when else SINCE + datetime.timedelta(days=14)
        return [{
            "InstanceEventId": "instance-event-0kiriwake0000001",
            "Code": code,
            "Description": "The instance is running on degraded hardware" if "retirement" in code else f"Scheduled {code}",
            "NotBefore": not_before,
            "NotAfter": not_before + datetime.timedelta(hours=2),
        }]

    Instance.instance_status = property(instance_status)
    Instance.system_status = property(system_status)
    Instance.attached_ebs_status = property(attached_ebs_status)
    Instance.events = property(events)

    def vgw_telemetry(self):
        staged = ec2_stage(self, "tunnels") or "UP,UP"
        return [{
            "OutsideIpAddress": f"203.0.113.{10 + i}",
            "Status": status.strip().upper(),
            "StatusMessage": "" if status.strip().upper() == "UP" else "IPSEC IS DOWN",
            "LastStatusChange": SINCE,
            "AcceptedRouteCount": 1 if status.strip().upper() == "UP" else 0,
        } for i, status in enumerate(staged.split(","))]

    VPNConnection.vgw_telemetry = property(vgw_telemetry)

    def get_status(self):
        for tag in getattr(self, "tags", None) or []:
            if tag.get("Key") == STAGE + "status":
                return tag.get("Value")
        return self.__dict__.get("_kiriwake_status", "available")

    def set_status(self, value):
        self.__dict__["_kiriwake_status"] = value

    DBInstance.status = property(get_status, set_status)

    if not hasattr(StepFunctionResponse, "describe_state_machine_for_execution"):
        raise SystemExit("moto_launcher: DescribeStateMachineForExecution is gone; update the launcher")

    # What each execution started with: the interpreter keeps a copy of its state machine
    # (`Execution.state_machine`); moto's plain executions keep nothing, so they get one.
    original_start = StateMachine.start_execution

    def start_execution(self, *args, **kwargs):
        execution = original_start(self, *args, **kwargs)
        execution.__dict__.setdefault("kiriwake_started_with", copy.copy(self))
        return execution

    StateMachine.start_execution = start_execution

    def describe_state_machine_for_execution(self):
        """The definition the execution started with, not the state machine's current one."""
        arn = self._get_param("executionArn")
        for machine in self.stepfunction_backend.state_machines:
            for execution in machine.executions:
                if arn in (getattr(execution, "exec_arn", None), getattr(execution, "execution_arn", None)):
                    started_with = getattr(execution, "kiriwake_started_with", None) or execution.state_machine
                    return ActionResult({
                        "stateMachineArn": machine.arn,
                        "name": machine.name,
                        "definition": started_with.definition,
                        "roleArn": started_with.roleArn,
                        "updateDate": started_with.update_date,
                    })
        raise StepFunctionsResourceNotFound(arn)

    StepFunctionResponse.describe_state_machine_for_execution = describe_state_machine_for_execution

    # moto lists its own package directory on every request to find the service (a tenth
    # of its time in a storm, measured with py-spy): the list never changes while it runs.
    modules = tuple(moto_backends.list_of_moto_modules())
    if "dynamodb" not in modules:
        raise SystemExit("moto_launcher: moto.backends.list_of_moto_modules changed; update the launcher")
    moto_backends.list_of_moto_modules = lambda: modules

    dispatcher = werkzeug_app.DomainDispatcherApplication
    original_call = dispatcher.__call__
    error_type, message = "SubscriptionRequiredException", (
        "The requested service requires a Business, Enterprise On-Ramp, or Enterprise Support plan."
    )

    def call(self, environ, start_response):
        if environ.get("PATH_INFO", "") == "/_kiriwake/calls":
            with CALLS_LOCK:
                if environ.get("REQUEST_METHOD") == "POST":
                    CALLS.clear()
                body = json.dumps(CALLS).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        if environ.get("PATH_INFO", "") == "/_kiriwake/faults":
            if environ.get("REQUEST_METHOD") == "POST":
                length = int(environ.get("CONTENT_LENGTH") or 0)
                staged = json.loads(environ["wsgi.input"].read(length) or b"[]")
                with CALLS_LOCK:
                    FAULTS[:] = [dict(f, hits=0) for f in staged]
                start_response("204 No Content", [])
                return [b""]
            with CALLS_LOCK:
                body = json.dumps(FAULTS).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        call_id = identify(environ)
        if call_id is not None:
            count_call(call_id)
            fault = take_fault(call_id)
            if fault is not None:
                return answer_fault(fault, call_id, environ, start_response)
        if environ.get("PATH_INFO", "") == "/_kiriwake/fail" and environ.get("REQUEST_METHOD") == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            LOCAL["fail"] = set(json.loads(environ["wsgi.input"].read(length) or b"{}").get("functions", []))
            start_response("204 No Content", [])
            return [b""]
        if environ.get("HTTP_X_AMZ_TARGET", "").endswith("CloudTrail_20131101.LookupEvents"):
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = json.dumps(lookup_events(environ["wsgi.input"].read(length))).encode()
            start_response("200 OK", [("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", str(len(body)))])
            return [body]
        if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_20120810."):
            # DynamoDB applies each write and its condition atomically; moto's backend checks
            # a condition and then writes, unlocked, so two executions claiming one delivery
            # at the same moment could both win. One DynamoDB request at a time, as AWS.
            with DYNAMODB_LOCK:
                return list(original_call(self, environ, start_response))
        # The Rust SDK speaks Smithy RPC v2 CBOR to Health; boto3 speaks JSON 1.1.
        if environ.get("PATH_INFO", "").startswith("/service/AWSHealth_20160804/"):
            body = cbor_map({"__type": error_type, "message": message})
            headers = [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor")]
        elif environ.get("HTTP_X_AMZ_TARGET", "").startswith("AWSHealth_20160804."):
            body = ('{"__type":"%s","message":"%s"}' % (error_type, message)).encode()
            headers = [("Content-Type", "application/x-amz-json-1.1")]
        else:
            return original_call(self, environ, start_response)
        start_response("400 Bad Request", headers + [("Content-Length", str(len(body)))])
        return [body]

    dispatcher.__call__ = call


CALLS = {}
CALLS_LOCK = threading.Lock()
DYNAMODB_LOCK = threading.Lock()


# Faults staged on API calls (`POST /_kiriwake/faults`), in the order given; the first that
# matches a request answers it. Each fault is an object:
#   service    the signing name of the service ("ec2", "sns", "dynamodb", "logs"…), required
#   operation  the operation ("DescribeInstanceStatus", "Publish"…); any when absent
#   key        the access key that signed the request (e.g. the functions' own); any when absent
#   body       a text the request's body must contain (e.g. a topic's name); any when absent
#   error      the error code AWS answers with ("RequestLimitExceeded", "KMSDisabled"…)
#   status     its HTTP status (default 400)
#   message    its message (default: "staged by kiriwake")
#   delay      seconds to hold the request before answering with the error: a hung call, as a
#              client with a shorter timeout sees it (the request is never carried out)
#   times      how many requests it answers, then it is spent; every one when absent
# `[]` clears them; `GET /_kiriwake/faults` answers them with `hits`, how many requests each
# answered. Faults are answered in the protocol the service speaks (EC2's XML, the
# other query services' XML, JSON, or Smithy RPC v2 CBOR), so the SDK reads them as AWS's.
FAULTS = []


def identify(environ):
    """(access key, service, operation, body) of a signed request; None when unsigned."""
    found = re.search(r"Credential=([^/]+)/[^/]+/[^/]+/([^/]+)/", environ.get("HTTP_AUTHORIZATION", ""))
    if not found:
        return None
    key, service = found.group(1), found.group(2)
    # The body is read here and handed on unchanged; a body without a length (chunked) is
    # left alone and matched by nothing.
    body = b""
    if environ.get("CONTENT_LENGTH"):
        body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
        environ["wsgi.input"] = io.BytesIO(body)
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    path = environ.get("PATH_INFO", "")
    if target:
        operation = target.rsplit(".", 1)[-1]
    elif "/operation/" in path:
        operation = path.rsplit("/", 1)[-1]
    elif "x-www-form-urlencoded" in environ.get("CONTENT_TYPE", ""):
        # Query protocols (EC2, SNS, SQS, RDS, CloudWatch) name it in the form body.
        operation = urllib.parse.parse_qs(body.decode(errors="replace")).get("Action", ["?"])[0]
    else:
        operation = environ.get("REQUEST_METHOD", "") + " " + path
    return key, service, operation, body


def count_call(call_id):
    """Counts a request under the access key that signed it, as service:operation."""
    key, service, operation, _ = call_id
    with CALLS_LOCK:
        mine = CALLS.setdefault(key, {})
        name = f"{service}:{operation}"
        mine[name] = mine.get(name, 0) + 1


def take_fault(call_id):
    """The staged fault that answers this request, if any (a counted one is used up)."""
    key, service, operation, body = call_id
    with CALLS_LOCK:
        for fault in FAULTS:
            if fault.get("service") != service:
                continue
            if fault.get("operation") not in (None, operation) or fault.get("key") not in (None, key):
                continue
            wanted = fault.get("body")
            if wanted is not None and wanted.encode() not in body and urllib.parse.quote(wanted, safe="").encode() not in body:
                continue
            if fault.get("times") is not None and fault["hits"] >= fault["times"]:
                continue
            fault["hits"] += 1
            return dict(fault)
    return None


def answer_fault(fault, call_id, environ, start_response):
    """Answers with the fault's error in the protocol of the request."""
    _, service, _, _ = call_id
    if fault.get("delay"):
        time.sleep(float(fault["delay"]))
    code = fault.get("error", "InternalFailure")
    message = fault.get("message", "staged by kiriwake")
    request_id = str(uuid.uuid4())
    status = int(fault.get("status", 400))
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if "/operation/" in environ.get("PATH_INFO", ""):
        body = cbor_map({"__type": code, "message": message})
        headers = [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor")]
    elif target:
        body = json.dumps({"__type": code, "message": message}).encode()
        headers = [("Content-Type", environ.get("CONTENT_TYPE") or "application/x-amz-json-1.0")]
    elif service == "ec2":
        body = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code>"
                f"<Message>{html.escape(message)}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>").encode()
        headers = [("Content-Type", "text/xml")]
    else:
        body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{html.escape(message)}</Message>"
                f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>").encode()
        headers = [("Content-Type", "text/xml")]
    headers += [("Content-Length", str(len(body))), ("x-amzn-RequestId", request_id), ("x-amzn-ErrorType", code)]
    reason = {400: "Bad Request", 403: "Forbidden", 429: "Too Many Requests", 500: "Internal Server Error",
              503: "Service Unavailable"}.get(status, "Error")
    start_response(f"{status} {reason}", headers)
    return [body]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--lambda-endpoint", help="Lambda Invoke API for the state machine's tasks")
    args = parser.parse_args()
    patch()
    if args.lambda_endpoint:
        patch_interpreter()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=args.port, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    LOCAL["moto"] = f"http://{host}:{port}"
    LOCAL["lambda"] = args.lambda_endpoint
    print(f"READY http://{host}:{port}", flush=True)
    # Nobody reads stdout after READY: anything written there later (request logs) would
    # fill the pipe and stall the server.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.dup2(devnull, sys.stderr.fileno())

    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())

    def watch_stdin():
        sys.stdin.read()
        done.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    done.wait()
    server.stop()


if __name__ == "__main__":
    main()
