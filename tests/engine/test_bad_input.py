"""Bad input to the CLI and to design files: exit status 2, one line per problem naming the field, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generators.cli import main

BASE_DESIGN = """
project: {{name: shop}}
components:
  - {{kind: function, name: worker{function_extra}}}
  - {{kind: queue, name: jobs{queue_extra}}}
connections:
  - {{kind: triggers, source: jobs, target: worker{trigger_extra}}}
"""


def design_text(function_extra: str = "", queue_extra: str = "", trigger_extra: str = "") -> str:
    return BASE_DESIGN.format(function_extra=function_extra, queue_extra=queue_extra, trigger_extra=trigger_extra)


CLI_CASES = [
    ("an unknown project type", ["new", "website", "--name", "x"], "invalid choice: 'website'"),
    ("a name with capitals", ["new", "api", "--name", "Orders"], "--name: 'Orders' is not a valid name"),
    ("a name with a quote", ["new", "api", "--name", "o'rders"], "--name:"),
    ("a name with a newline", ["new", "api", "--name", "orders\nrm -rf"], "--name:"),
    ("a name with a template injection", ["new", "api", "--name", "{{7*7}}"], "--name:"),
    ("a name with a CloudFormation substitution", ["new", "api", "--name", "${AWS::Region}"], "--name:"),
    ("a name that is too long", ["new", "api", "--name", "a" * 41], "--name:"),
    ("a name ending with a hyphen", ["new", "api", "--name", "orders-"], "--name:"),
    ("an unknown language", ["new", "api", "--name", "x", "--language", "cobol"], "invalid choice: 'cobol'"),
    ("an unknown iac", ["new", "api", "--name", "x", "--iac", "terraform"], "invalid choice: 'terraform'"),
    ("an unknown region", ["new", "api", "--name", "x", "--region", "mars-north-1"], "--region:"),
    ("an unknown architecture", ["new", "api", "--name", "x", "--architecture", "riscv"], "invalid choice"),
    ("an unknown blueprint option", ["new", "api", "--name", "x", "--set", "colour=red"],
     "--set colour: unknown option; options: front_door"),
    ("an unknown front door", ["new", "api", "--name", "x", "--set", "front_door=grpc"],
     "--set front_door: must be one of 'http-api', 'rest-api' or 'function-url'"),
    ("a --set without a value", ["new", "api", "--name", "x", "--set", "front_door"], "expected KEY=VALUE"),
    ("the same --set twice", ["new", "api", "--name", "x", "--set", "auth=iam", "--set", "auth=none"], "given twice"),
    ("a project setting passed as --set", ["new", "api", "--name", "x", "--set", "region=eu-west-1"],
     "use --region instead"),
    ("JWT auth on a function URL", ["new", "api", "--name", "x", "--set", "front_door=function-url", "--set",
                                    "auth=jwt"], "--set auth: auth 'jwt' needs front_door"),
    ("one function per route behind a function URL",
     ["new", "api", "--name", "x", "--set", "front_door=function-url", "--set", "auth=iam", "--set",
      "handler_style=function-per-route"],
     "--set handler_style: handler_style 'function-per-route' needs front_door 'http-api' or 'rest-api'"),
    ("a memory size above 10240", ["new", "api", "--name", "x", "--set", "memory_mb=20000"],
     "--set memory_mb: 20000 is out of range; allowed: 128 to 10240"),
    ("a timeout of zero", ["new", "event-processor", "--name", "x", "--set", "timeout_s=0"],
     "--set timeout_s: 0 is out of range; allowed: 1 to 900"),
    ("a batch size above 10000", ["new", "event-processor", "--name", "x", "--set", "batch_size=10001"],
     "--set batch_size: 10001 is out of range"),
    ("a batch size that is not a number", ["new", "event-processor", "--name", "x", "--set", "batch_size=ten"],
     "--set batch_size:"),
    ("an unknown event source", ["new", "event-processor", "--name", "x", "--set", "source=kafka"],
     "--set source: must be one of 'sqs', 'dynamodb-stream', 'kinesis', 's3', 'msk', 'self-managed-kafka', "
     "'amazon-mq' or 'documentdb'"),
    ("an MSK source without its cluster", ["new", "event-processor", "--name", "x", "--set", "source=msk",
                                           "--set", "topic=orders"],
     "--set cluster_arn: source 'msk' needs cluster_arn (the MSK cluster's ARN)"),
    ("a malformed bootstrap server", ["new", "event-processor", "--name", "x", "--set", "source=self-managed-kafka",
                                      "--set", "topic=orders", "--set", 'bootstrap_servers=["kafka.example.com"]'],
     "--set bootstrap_servers[0]: 'kafka.example.com' is not a broker address host:port"),
    ("subnets without security groups", ["new", "event-processor", "--name", "x", "--set", "source=self-managed-kafka",
                                         "--set", "topic=orders", "--set", 'bootstrap_servers=["k.example.com:9096"]',
                                         "--set", 'subnets=["subnet-0123456789abcdef0"]'],
     "--set security_groups: set both subnets and security_groups"),
    ("a DocumentDB ARN for MSK", ["new", "event-processor", "--name", "x", "--set", "source=msk", "--set",
                                  "topic=tp", "--set", "cluster_arn=arn:aws:rds:us-east-1:123456789012:cluster:db"],
     "--set cluster_arn: 'arn:aws:rds:us-east-1:123456789012:cluster:db' is not an MSK cluster ARN"),
    ("a queue option on an MSK source", ["new", "event-processor", "--name", "x", "--set", "source=msk", "--set",
                                         "topic=tp", "--set", "queue=orders", "--set",
                                         "cluster_arn=arn:aws:kafka:us-east-1:123456789012:cluster/a/b-1"],
     "--set queue: does not apply to source 'msk'"),
    ("max concurrency on a stream", ["new", "event-processor", "--name", "x", "--set", "source=kinesis", "--set",
                                     "max_concurrency=5"], "--set max_concurrency:"),
    ("a cron with both day fields", ["new", "scheduled-job", "--name", "x", "--set", "schedule=cron(0 8 * * * *)"],
     "--set schedule: cron needs '?'"),
    ("a cron hour of 25", ["new", "scheduled-job", "--name", "x", "--set", "schedule=cron(0 25 * * ? *)"],
     "cron hours value 25 is out of range 0-23"),
    ("a rate with a plural for 1", ["new", "scheduled-job", "--name", "x", "--set", "schedule=rate(1 hours)"],
     "write rate(1 hour)"),
    ("not a schedule at all", ["new", "scheduled-job", "--name", "x", "--set", "schedule=every day"],
     "is not a schedule expression"),
    ("an unknown time zone", ["new", "scheduled-job", "--name", "x", "--set", "timezone=Mars/Olympus"],
     "--set timezone: 'Mars/Olympus' is not an IANA time zone"),
    ("eleven consumers", ["new", "fan-out", "--name", "x", "--set",
                          "consumers=[" + ",".join(f"{{name: c{i}, event_types: [e]}}" for i in range(11)) + "]"],
     "--set consumers:"),
    ("duplicate consumer names", ["new", "fan-out", "--name", "x", "--set",
                                  "consumers=[{name: a, event_types: [e]}, {name: a, event_types: [e]}]"],
     "consumer names must be unique"),
    ("a consumer name with a quote", ["new", "fan-out", "--name", "x", "--set",
                                      "consumers=[{name: \"a'b\", event_types: [e]}]"], "--set consumers[0]"),
    ("broken YAML in --set", ["new", "fan-out", "--name", "x", "--set", "consumers=[{name: a"], "not valid YAML"),
    ("duplicate workflow steps", ["new", "workflow", "--name", "x", "--set", "steps=[{name: a}, {name: a}]"],
     "step names must be unique"),
    ("an unknown step action", ["new", "workflow", "--name", "x", "--set", "steps=[{name: a, action: teleport}]"],
     "--set steps[0] (a).action: must be one of"),
    ("a CORS origin that is not a URL", ["new", "api", "--name", "x", "--set", "cors_allow_origins=[javascript:x]"],
     "is not a CORS origin"),
    ("an unknown CRUD operation", ["new", "api", "--name", "x", "--set",
                                   "resources=[{name: items, operations: [explode]}]"],
     "--set resources[0] (items).operations[0]: must be one of"),
]


@pytest.mark.parametrize(("case", "argv", "expected"), CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_the_cli_rejects(case: str, argv: list[str], expected: str, tmp_path: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    if argv[0] == "new":
        argv = [*argv, "--out", str(tmp_path / "out")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err, err
    assert all(line.startswith("error: ") for line in err.strip().splitlines())
    assert not (tmp_path / "out").exists()


DESIGN_CASES = [
    ("an unknown top-level field", "project: {name: shop}\nextra: 1\n", "extra: unknown field"),
    ("not a mapping", "- just\n- a list\n", "must be a mapping"),
    ("broken YAML", "project: {name: shop\n", "not valid YAML/JSON at line"),
    ("a duplicate YAML key", "project: {name: shop}\nproject: {name: shop}\n", "duplicate key 'project'"),
    ("a schema version from the future", "schema_version: 9\nproject: {name: shop}\n", "schema_version"),
    ("an unknown component kind", "project: {name: shop}\ncomponents: [{kind: mainframe, name: m}]\n",
     "unknown kind 'mainframe'"),
    ("a component without a kind", "project: {name: shop}\ncomponents: [{name: m}]\n",
     "components[0].kind: missing; every item of components needs a kind; allowed: 'function', 'http_api'"),
    ("a connection without a kind", design_text().replace("kind: triggers, ", ""),
     "connections[0].kind: missing; every item of connections needs a kind; allowed: 'routes', 'triggers'"),
    ("memory out of range", design_text(function_extra=", memory_mb: 64"),
     "components[0] (worker).memory_mb: 64 is out of range; allowed: 128 to 10240"),
    ("a timeout above 900", design_text(function_extra=", timeout_s: 901"),
     "components[0] (worker).timeout_s: 901 is out of range; allowed: 1 to 900"),
    ("a visibility timeout above 43200", design_text(queue_extra=", visibility_timeout_s: 50000"),
     "components[1] (jobs).visibility_timeout_s: 50000 is out of range; allowed: 0 to 43200"),
    ("a retention below 60", design_text(queue_extra=", message_retention_s: 59"),
     "components[1] (jobs).message_retention_s:"),
    ("a batch size of 0", design_text(trigger_extra=", batch_size: 0"),
     "connections[0].batch_size: 0 is out of range; allowed: 1 to 10000"),
    ("an S3 setting on a queue trigger", design_text(trigger_extra=", prefix: uploads/"),
     "connections[0].prefix: does not apply to a trigger from a queue"),
    ("a dangling connection", design_text().replace("source: jobs", "source: ghost"),
     "connections[0].source: no component named 'ghost'"),
    ("duplicate component names", design_text().replace("name: jobs", "name: worker").replace("source: jobs",
                                                                                              "source: worker"),
     "duplicate component name 'worker'"),
    ("an unknown field on a component", design_text(function_extra=", colour: red"),
     "components[0] (worker).colour: unknown field"),
    ("a secret-looking reserved env var", design_text(function_extra=", environment: {AWS_REGION: x}"),
     "reserved by Lambda"),
    ("a bad component name", design_text().replace("name: worker", "name: \"wor'ker\"").replace(
        "target: worker", "target: \"wor'ker\""), "components[0]"),
    ("a connection of the wrong direction", "project: {name: shop}\ncomponents: [{kind: function, name: f}, "
     "{kind: table, name: t}]\nconnections: [{kind: reads, source: t, target: f}]\n",
     "a 'reads' connection cannot start at a table"),
    ("an environment retention that CloudWatch does not offer",
     "project: {name: shop, environments: [{name: dev, log_retention_days: 8, log_level: DEBUG}]}\n",
     "project.environments[0].log_retention_days: 8 is not a CloudWatch Logs retention"),
    ("a bucket trigger from a table without a stream",
     "project: {name: shop}\ncomponents: [{kind: function, name: f}, {kind: table, name: t}]\n"
     "connections: [{kind: triggers, source: t, target: f}]\n", "table 't' has no stream"),
]


@pytest.mark.parametrize(("case", "text", "expected"), DESIGN_CASES, ids=[c[0] for c in DESIGN_CASES])
def test_a_design_file_is_rejected_for(case: str, text: str, expected: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "design.yaml"
    path.write_text(text)
    assert main(["render", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert expected in err, err
    assert str(path) in err
    assert not (tmp_path / "out").exists()


def test_a_missing_design_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "o")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_an_existing_output_directory_is_never_overwritten(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert main(["new", "api", "--name", "shop", "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (out / "keep.txt").read_text() == "mine"


def test_bad_input_prints_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generators", "new", "api", "--name", "Bad Name", "--out", str(tmp_path / "x")],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_reader_that_stops_early_is_not_an_error() -> None:
    """`python -m generators rules --format json | head -c 100`: the pipe closes under the writer (a pipe of one
    page, so the 30 kB cannot all fit before the reader leaves); the command ends quietly."""
    import fcntl

    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    process = subprocess.Popen([sys.executable, "-m", "generators", "rules", "--format", "json"], stdout=write_end,
                               stderr=subprocess.PIPE)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        first = reader.read(100)
    stderr = process.communicate(timeout=60)[1].decode()
    assert first.startswith(b"[")
    assert process.returncode == 0, stderr
    assert "internal error" not in stderr
    assert "Traceback" not in stderr


def test_a_successful_run_exits_0_with_its_output_flushed(tmp_path: Path) -> None:
    out = tmp_path / "shop.zip"
    result = subprocess.run([sys.executable, "-m", "generators", "new", "api", "--name", "shop", "--out", str(out)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout == f"Created shop (api, sam+python) in {out}\n"
    assert out.stat().st_size > 10_000
