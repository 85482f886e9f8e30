"""The SAM transform of a template as CloudFormation runs it at deploy time, offline, for the
template tests.

Usage: sam_transform.py TEMPLATE PARAMETERS_JSON CODE_ID

Each function's `CodeUri` and the state machine's `DefinitionUri` become the S3 locations
`sam package` writes (CODE_ID stands for the artifacts' hashes: a new build, a new id), and
PARAMETERS_JSON holds the values CloudFormation passes the transform. Prints JSON:
`template`, the transformed template; `create_only`, for each resource type in it, the
properties whose change replaces the resource (from the CloudFormation resource schemas
cfn-lint ships).
"""

import json
import sys

from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    """The template names no AWS managed policies; the transform must not look any up."""

    def load(self):
        return {}


def main():
    path, parameters, code_id = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
    with open(path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = f"s3://artifacts/{logical_id}-{code_id}.zip"
        elif resource["Type"] == "AWS::Serverless::StateMachine":
            resource["Properties"]["DefinitionUri"] = f"s3://artifacts/definition-{code_id}.json"
    out = transform(template, parameters, NoManagedPolicies())
    create_only = {}
    for resource in out["Resources"].values():
        kind = resource["Type"]
        if kind not in create_only:
            schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", kind).schema
            create_only[kind] = [
                p.removeprefix("/properties/") for p in schema.get("createOnlyProperties", [])
            ]
    json.dump({"template": out, "create_only": create_only}, sys.stdout, default=str)


if __name__ == "__main__":
    main()
