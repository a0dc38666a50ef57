#!/usr/bin/env python3
"""moto_server for analysis-platform's tests and local run: moto 5.2.1 with the gaps our stacks and tests hit filled.
All arguments go to moto's own server (`-H 127.0.0.1 -p PORT`). Each patch is explained where it is made:

Emulator fixes (moto answers differently from AWS's documented behaviour):
 1. Step Functions ValidateStateMachineDefinition and ListStateMachineVersions (the Terraform provider calls both).
 2. Bucket-policy evaluation: Bool conditions, aws:SecureTransport, non-matching Allow statements.
 3. Lambda LoggingConfig and SnapStart kept and returned.
 4. RDS ExportTask.TaskStartTime, TaskEndTime and TotalExtractedDataInGB reported.
 5. Glue UpdateTable honours VersionId (ConcurrentModificationException).
 6. S3 PutBucketLogging accepts target-bucket policies with a string Principal.
 7. The Step Functions engine's deepcopy falls back to a shallow copy (StartExecution after the first one).
 8. Glue as Trino uses it: column-statistics actions, GetPartitions without Expression and with Segment.
 9. The Step Functions engine's Choice timestamp rules read RFC 3339 timestamps with fractions and offsets, and
    $$.State.EnteredTime is written as AWS writes it (milliseconds, Z).
Export simulation and test hooks (10 and 12 only when their variable is set):
10. MOTO_RDS_EXPORT_SECONDS: an export reports IN_PROGRESS for that long.
11. StartExportTask writes what RDS would write for a demo database: metadata and real Parquet
    (tools/rds_export_simulation.py, tools/parquet_writer.py on pyarrow, column types from tools/rds-types.tsv).
12. MOTO_LAMBDA_DISPATCH_URL: Lambda Invoke is answered by a test server (the engine cannot run Java).

Every patch reaches into moto internals, so any other moto version is refused rather than half-patched.

Accounts: requests signed with plain keys act in moto's default account 123456789012 (the analytics account in tests);
credentials from STS AssumeRole into another account's role act in that account. MOTO_ACCOUNT_ID is removed on
purpose: moto 5.2.1 lets it override the account of *every* request, assumed roles included, which would silently
merge the two accounts.
"""
import json
import os
import sys

import moto

PATCHED_VERSION = "5.2.1"
if moto.__version__ != PATCHED_VERSION:
    sys.exit(f"tools/moto_server.py patches moto {PATCHED_VERSION} internals; moto {moto.__version__} is installed. "
             f"Install it with: pip install 'moto[server]=={PATCHED_VERSION}'")

import copy
import datetime
import threading
import urllib.parse
import urllib.request

from moto.awslambda.models import LambdaBackend, LambdaFunction
from moto.glue.exceptions import GlueClientError
from moto.glue.responses import GlueResponse
from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.rds.exceptions import KMSKeyNotAccessibleFault, RDSClientError
from moto.rds.models import ExportTask, RDSBackend
from moto.s3.models import FakeBucket, s3_backends
from moto.iam import access_control, policy_conditions
from moto.server import main

import rds_export_simulation
from moto.stepfunctions.parser import models as sfn_parser_models
from moto.stepfunctions.parser.asl.component.state import state as _state_module
from moto.stepfunctions.parser.asl.component.state.choice.comparison.operator.implementations.is_operator import (
    IsTimestamp,
)
from moto.stepfunctions.responses import StepFunctionResponse


def _validate_state_machine_definition(self):
    # Syntax checking is Terraform validate's and the unit tests' job; the emulator accepts what it gets.
    return ActionResult({"result": "OK", "diagnostics": [], "truncated": False})


def _list_state_machine_versions(self):
    return ActionResult({"stateMachineVersions": []})


StepFunctionResponse.validate_state_machine_definition = _validate_state_machine_definition
StepFunctionResponse.list_state_machine_versions = _list_state_machine_versions


# Three gaps in moto 5.2.1's bucket-policy evaluation, which the project's TLS-only statement on every bucket
# ("Deny s3:* when aws:SecureTransport is false") hits, so that it denied every request:
# 1. Only StringEquals is evaluated; any other operator (Bool here) is treated as matching.
# 2. aws:SecureTransport is never set. The emulator listens on loopback only; requests are evaluated as if
#    they arrived over TLS. TLS enforcement itself is asserted on the synthesized policies in the unit tests.
# 3. A statement whose Condition does not match is reported as an explicit DENY, even for an Allow statement;
#    in IAM such a statement simply does not apply.
def _bool_operation(expected, actual):
    values = expected if isinstance(expected, list) else [expected]
    return str(actual).lower() in [str(v).lower() for v in values]


policy_conditions.CONDITION_OPERATIONS.setdefault("Bool", _bool_operation)
_original_is_action_permitted = access_control.IAMPolicyStatement.is_action_permitted


def _is_action_permitted(self, action, resource="*", principal=None, incoming_condition_values=None):
    values = {"aws:SecureTransport": "true", **(incoming_condition_values or {})}
    if self._statement.get("Condition") and not self._check_conditions(values):
        return access_control.PermissionResult.NEUTRAL
    return _original_is_action_permitted(self, action, resource, principal, values)


access_control.IAMPolicyStatement.is_action_permitted = _is_action_permitted


# moto 5.2.1 drops a function's LoggingConfig (JSON log format, log group) and answers SnapStart with ApplyOn "None"
# whatever was asked, so every re-plan of the analytics stack shows the functions as changed. Keep both and return
# them, as Lambda does (SnapStart's OptimizationStatus is "On" for functions that apply it to published versions).
_original_lambda_init = LambdaFunction.__init__
_original_get_configuration = LambdaFunction.get_configuration
_original_update_configuration = LambdaFunction.update_configuration


def _lambda_init(self, account_id, spec, region, version=1):
    _original_lambda_init(self, account_id, spec, region, version)
    self.logging_config = spec.get("LoggingConfig")
    self.snap_start = spec.get("SnapStart")


def _get_configuration(self, on_create=False):
    config = _original_get_configuration(self, on_create)
    if getattr(self, "logging_config", None):
        config["LoggingConfig"] = self.logging_config
    if getattr(self, "snap_start", None):
        apply_on = self.snap_start.get("ApplyOn", "None")
        config["SnapStart"] = {"ApplyOn": apply_on,
                               "OptimizationStatus": "On" if apply_on == "PublishedVersions" else "Off"}
    return config


def _update_configuration(self, config_updates):
    if "LoggingConfig" in config_updates:
        self.logging_config = config_updates["LoggingConfig"]
    if "SnapStart" in config_updates:
        self.snap_start = config_updates["SnapStart"]
    return _original_update_configuration(self, config_updates)


LambdaFunction.__init__ = _lambda_init
LambdaFunction.get_configuration = _get_configuration
LambdaFunction.update_configuration = _update_configuration

# moto completes an RDS export the moment it starts. With MOTO_RDS_EXPORT_SECONDS=N, a task reports
# IN_PROGRESS for its first N seconds, as real exports do for minutes to hours, so the state machine's
# wait/status loop runs. Unset or 0 keeps moto's behaviour.
_EXPORT_SECONDS = float(os.environ.get("MOTO_RDS_EXPORT_SECONDS", "0"))


def _export_status(self):
    status = self.__dict__.get("_status", "complete")
    if status == "complete" and (utcnow() - self.created_at).total_seconds() < _EXPORT_SECONDS:
        return "in_progress"
    return status


def _set_export_status(self, value):
    self.__dict__["_status"] = value


ExportTask.status = property(_export_status, _set_export_status)


# RDS writes the export's metadata (export_info_*.json, export_tables_info_*.json) and the tables' Parquet files into
# the bucket; moto writes nothing. Write what RDS would for a demo database (tools/rds_export_simulation.py: real
# Parquet with the types RDS documents), honouring ExportOnly, so registration and queries have real input.
_original_start_export_task = RDSBackend.start_export_task


def _start_export_task(self, kwargs):
    # AWS: "The S3 bucket must be in the same AWS Region as the snapshot", and the KMS key too; moto checks neither,
    # so a source exported to the wrong region's bucket would pass here and fail every night in AWS.
    bucket_name = kwargs.get("s3_bucket_name")
    if bucket_name in s3_backends.bucket_accounts:
        partition, account = s3_backends.bucket_accounts[bucket_name]
        bucket_region = s3_backends[account][partition].buckets[bucket_name].region_name
        if bucket_region != self.region_name:
            raise RDSClientError("InvalidS3BucketFault", f"The S3 bucket {bucket_name} is in {bucket_region}; an export "
                                 f"of a snapshot in {self.region_name} needs a bucket in the same AWS Region.")
    key = kwargs.get("kms_key_id") or ""
    if key.startswith("arn:") and key.split(":")[3] != self.region_name:
        raise KMSKeyNotAccessibleFault(key)
    task = _original_start_export_task(self, kwargs)
    bucket = task.s3_bucket
    if bucket in s3_backends.bucket_accounts:
        partition, account = s3_backends.bucket_accounts[bucket]
        backend = s3_backends[account][partition]
        source = getattr(task.snapshot, "cluster", None) or getattr(task.snapshot, "database", None)
        postgres = "postgres" in str(getattr(source, "engine", "postgres"))
        root = (task.s3_prefix.strip("/") + "/" if task.s3_prefix else "") + task.export_task_identifier + "/"
        files = rds_export_simulation.export_files(task.export_task_identifier, postgres, task.export_only)
        for key, content in files.items():
            backend.put_object(bucket, root + key, content)
    return task


RDSBackend.start_export_task = _start_export_task

# RDS reports when each export task started (ExportTask.TaskStartTime); moto leaves it out. The exporter uses it to
# tell a task this state machine execution started (a start whose response was lost) from an earlier run's.
ExportTask.task_start_time = property(lambda self: self.created_at)


# RDS also reports when a task ended and how much data it extracted (whole GB; the demo database is far below 1 GB,
# so 0); the run summary's duration and cost come from them. moto reports neither.
def _task_end_time(self):
    return self.created_at + datetime.timedelta(seconds=_EXPORT_SECONDS) if self.status == "complete" else None


ExportTask.task_end_time = property(_task_end_time)
ExportTask.total_extracted_data_in_gb = property(lambda self: 0 if self.status == "complete" else None)


# Glue UpdateTable takes the VersionId the caller decided on ("The version ID at which to update the table
# contents") and refuses a stale one with ConcurrentModificationException ("Two processes are trying to modify a
# resource simultaneously"): optimistic concurrency, which the registrar relies on under concurrent registrations.
# moto 5.2.1 ignores VersionId and applies every update. Compare and update under one lock, as Glue does atomically.
class _ConcurrentModificationException(GlueClientError):
    def __init__(self, message):
        super().__init__("ConcurrentModificationException", message)


_glue_table_lock = threading.Lock()
_original_update_table = GlueResponse.update_table


def _update_table(self):
    expected = self.parameters.get("VersionId")
    with _glue_table_lock:
        if expected is not None:
            table_name = (self.parameters.get("TableInput") or {}).get("Name")
            table = self.glue_backend.get_table(self.parameters.get("DatabaseName"), table_name)
            current = str(table._current_version)
            if str(expected) != current:
                raise _ConcurrentModificationException(
                    f"Table {table_name} is at version {current}, not {expected}")
        return _original_update_table(self)


GlueResponse.update_table = _update_table


# Trino (the engine under Athena v3) reads the catalog through Glue, and moto 5.2.1 differs from Glue in three calls
# it makes on every query: the column-statistics actions are not implemented (answer as Glue does for a table nobody
# computed statistics for: nothing, no error); GetPartitions with an empty Expression fails with "Unsupported
# expression ''" (Glue: "If the expression is not provided, all partitions are returned"); and GetPartitions ignores
# Segment, so each of Trino's parallel segments would get every partition and rows would be read several times
# (Glue: the segments are non-overlapping). Segment 0 gets every partition, the others none.
def _no_statistics(self):
    return ActionResult({"ColumnStatisticsList": [], "Errors": []})


def _statistics_accepted(self):
    return ActionResult({"Errors": []})


for _action, _answer in {"get_column_statistics_for_table": _no_statistics,
                         "get_column_statistics_for_partition": _no_statistics,
                         "update_column_statistics_for_table": _statistics_accepted,
                         "update_column_statistics_for_partition": _statistics_accepted,
                         "delete_column_statistics_for_table": lambda self: ActionResult({}),
                         "delete_column_statistics_for_partition": lambda self: ActionResult({})}.items():
    setattr(GlueResponse, _action, _answer)

def _get_partitions(self):
    parameters = self.parameters  # parsed from the body on every access: read once
    if (parameters.get("Segment") or {}).get("SegmentNumber", 0) > 0:
        return ActionResult({"Partitions": []})
    expression = (parameters.get("Expression") or "").strip() or None
    partitions = self.glue_backend.get_partitions(parameters.get("DatabaseName"), parameters.get("TableName"), expression)
    return ActionResult({"Partitions": [p.as_dict() for p in partitions]})


GlueResponse.get_partitions = _get_partitions


# PutBucketLogging checks the target bucket's policy for a statement granting logging.s3.amazonaws.com, but reads
# every statement's Principal as an object: a statement with Principal "*" (our TLS-only deny, on every bucket)
# makes it fail with HTTP 500. IAM allows a string Principal; skip such statements, as they grant no service.
_original_log_permissions = FakeBucket._log_permissions_enabled_policy


def _log_permissions_enabled_policy(target_bucket, target_prefix):
    policy = target_bucket.policy
    if not policy:
        return False
    document = json.loads(policy.decode() if isinstance(policy, bytes) else policy)
    statements = document.get("Statement", [])
    statements = statements if isinstance(statements, list) else [statements]
    with_object_principals = [st for st in statements if isinstance(st.get("Principal"), dict)]
    original_policy = target_bucket.policy
    try:
        target_bucket.policy = json.dumps({**document, "Statement": with_object_principals}).encode()
        return _original_log_permissions(target_bucket, target_prefix)
    finally:
        target_bucket.policy = original_policy


FakeBucket._log_permissions_enabled_policy = staticmethod(_log_permissions_enabled_policy)

# moto's Step Functions engine (off unless POST /moto-api/config turns on stepfunctions.execute_state_machine)
# deep-copies the state machine on every StartExecution; once one execution has run, the copy reaches objects that
# hold thread locks and StartExecution answers HTTP 500 ("cannot pickle '_thread.RLock'"). Fall back to a shallow
# copy for what cannot be deep-copied.
class _CopyWithFallback:
    copy = staticmethod(copy.copy)

    @staticmethod
    def deepcopy(value, memo=None):
        try:
            return copy.deepcopy(value, memo)
        except TypeError:
            return copy.copy(value)


sfn_parser_models.copy = _CopyWithFallback


# Choice rules Timestamp* parse only "%Y-%m-%dT%H:%M:%SZ", so the engine's own $$.State.EnteredTime (written with
# Python's isoformat: microseconds and "+00:00") never compares, and a run-deadline rule never fires. AWS writes
# context timestamps as "2026-11-25T05:00:00.123Z" and compares them with each other. Parse RFC 3339 (fractions,
# Z or an offset) and write EnteredTime as AWS does.
def _string_to_timestamp(string):
    try:
        parsed = datetime.datetime.fromisoformat(string.replace("Z", "+00:00"))
    except (TypeError, ValueError, AttributeError):
        return None
    return parsed if parsed.tzinfo else None


def _aws_timestamp(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class _AwsClock(datetime.datetime):
    def isoformat(self, *args, **kwargs):
        return _aws_timestamp(self) if self.tzinfo else super().isoformat(*args, **kwargs)

    @classmethod
    def now(cls, tz=None):
        moment = datetime.datetime.now(tz)
        return cls(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second,
                   moment.microsecond, moment.tzinfo)


IsTimestamp.string_to_timestamp = staticmethod(_string_to_timestamp)
_state_module.datetime = type("datetime", (), {"datetime": _AwsClock, "timezone": datetime.timezone})


# The engine runs Lambda tasks through moto's Lambda Invoke, which needs Docker to run code. With
# MOTO_LAMBDA_DISPATCH_URL set (tests only), an invocation is POSTed to <url>/<url-encoded function name or ARN>
# instead and the answer is the function's result; an answer with header X-Function-Error is a function error
# (body {"errorType", "errorMessage"}), as Lambda reports it to Step Functions.
_DISPATCH_URL = os.environ.get("MOTO_LAMBDA_DISPATCH_URL")
_original_invoke = LambdaBackend.invoke


def _dispatch_invoke(self, function_name, qualifier, body, headers, response_headers):
    if not _DISPATCH_URL:
        return _original_invoke(self, function_name, qualifier, body, headers, response_headers)
    data = body if isinstance(body, bytes) else (body or "").encode()
    request = urllib.request.Request(_DISPATCH_URL.rstrip("/") + "/" + urllib.parse.quote(function_name, safe=""),
                                     data=data, method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as answer:
        if answer.headers.get("X-Function-Error"):
            response_headers["x-amz-function-error"] = answer.headers["X-Function-Error"]
        return answer.read()


LambdaBackend.invoke = _dispatch_invoke

if __name__ == "__main__":
    os.environ.pop("MOTO_ACCOUNT_ID", None)
    sys.exit(main(sys.argv[1:]))
