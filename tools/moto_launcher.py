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

moto has no AWS Health service (it answers with an HTML 500 and leaves the connection open).
The launcher answers Health the way most accounts' AWS Health API does — without Business
support: `SubscriptionRequiredException`.

Usage: moto_launcher.py [--port N]   (binds 127.0.0.1 only; prints "READY <url>" when serving,
stops on SIGTERM/SIGINT or when its standard input closes).
"""

import argparse
import datetime
import os
import signal
import sys
import threading

import moto
from moto.ec2.models.instances import Instance
from moto.ec2.models.vpn_connections import VPNConnection
from moto.rds.models import DBInstance
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


def cbor_text(text):
    data = text.encode()
    n = len(data)
    head = bytes([0x60 + n]) if n < 24 else bytes([0x78, n]) if n < 256 else bytes([0x79]) + n.to_bytes(2, "big")
    return head + data


def cbor_map(pairs):
    """A CBOR map of text to text (RFC 8949), enough for an error body."""
    return bytes([0xA0 + len(pairs)]) + b"".join(cbor_text(k) + cbor_text(v) for k, v in pairs.items())


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

    dispatcher = werkzeug_app.DomainDispatcherApplication
    original_call = dispatcher.__call__
    error_type, message = "SubscriptionRequiredException", (
        "The requested service requires a Business, Enterprise On-Ramp, or Enterprise Support plan."
    )

    def call(self, environ, start_response):
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    patch()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=args.port, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
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
