#!/usr/bin/env python3
"""The exporter's flow in boto3, as the baseline of exporter_benchmark.py: assume the source role, list the
cluster's snapshots (paginated, server-side filters), pick the newest available, look up earlier tasks by
source ARN, start the export. Same calls, same order as the Java exporter."""
import sys

import boto3

bucket, kms_key, prefix, cluster, reader_role, export_role = sys.argv[1:7]

credentials = boto3.client("sts").assume_role(RoleArn=reader_role, RoleSessionName="benchmark")["Credentials"]
rds = boto3.client("rds", aws_access_key_id=credentials["AccessKeyId"],
                   aws_secret_access_key=credentials["SecretAccessKey"], aws_session_token=credentials["SessionToken"])
snapshots = []
for page in rds.get_paginator("describe_db_cluster_snapshots").paginate(
        DBClusterIdentifier=cluster, Filters=[{"Name": "snapshot-type", "Values": ["manual"]}],
        PaginationConfig={"PageSize": 100}):
    snapshots += [s for s in page["DBClusterSnapshots"] if s["Status"] == "available"]
newest = max(snapshots, key=lambda s: (s["SnapshotCreateTime"], s["DBClusterSnapshotIdentifier"]))
arn = newest["DBClusterSnapshotArn"]
earlier = rds.describe_export_tasks(Filters=[{"Name": "source-arn", "Values": [arn]}])["ExportTasks"]
task_id = "exp-bench-" + prefix.replace("/", "-")
response = rds.start_export_task(ExportTaskIdentifier=task_id, SourceArn=arn, S3BucketName=bucket,
                                 S3Prefix=prefix, IamRoleArn=export_role, KmsKeyId=kms_key)
print(response["Status"], len(earlier))
