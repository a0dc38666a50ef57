#!/usr/bin/env python3
"""moto_server for analysis-platform's tests: moto 5.2.1 plus the two Step Functions actions it lacks.

The Terraform AWS provider (5.x) calls ValidateStateMachineDefinition before creating a state machine and
ListStateMachineVersions after; moto answers both with HTTP 500 and the provider retries for minutes.
Registering them here lets `terraform apply` of the analytics stack run against the emulator. Nothing else
is changed; all arguments go to moto's own server (`-H 127.0.0.1 -p PORT`).

Accounts: requests signed with plain keys act in moto's default account 123456789012 (the analytics
account in tests); credentials from STS AssumeRole into another account's role act in that account.
MOTO_ACCOUNT_ID is removed on purpose: moto 5.2.1 lets it override the account of *every* request,
assumed roles included, which would silently merge the two accounts.
"""
import os
import sys

from moto.core.responses import ActionResult
from moto.server import main
from moto.stepfunctions.responses import StepFunctionResponse


def _validate_state_machine_definition(self):
    # Syntax checking is Terraform validate's and the unit tests' job; the emulator accepts what it gets.
    return ActionResult({"result": "OK", "diagnostics": [], "truncated": False})


def _list_state_machine_versions(self):
    return ActionResult({"stateMachineVersions": []})


StepFunctionResponse.validate_state_machine_definition = _validate_state_machine_definition
StepFunctionResponse.list_state_machine_versions = _list_state_machine_versions

if __name__ == "__main__":
    os.environ.pop("MOTO_ACCOUNT_ID", None)
    sys.exit(main(sys.argv[1:]))
