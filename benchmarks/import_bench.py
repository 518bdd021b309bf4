"""`make bench` (import part): import + render back of a 100-resource SAM template, in-process (issue 13 targets
≤ 50 ms). Measured three ways: import with the report's advisor pass, import without it, and the write-back of the
unedited design; plus an edit's write-back (a topic added and connected). Prints what it measures, asserts
nothing about time."""

from __future__ import annotations

from typing import Any

from benchmarks.compose_bench import timed
from generators.importing import import_template
from generators.importing.writeback import render_imported_template
from generators.model import Design


def template_of(resources: int) -> str:
    """Cells of four resources (queue -> function -> table, a topic the function publishes to), with comments."""
    lines = ["AWSTemplateFormatVersion: '2010-09-09'", "Transform: AWS::Serverless-2016-10-31",
             "Globals:", "  Function:", "    Runtime: python3.12", "    Handler: app.handler", "Resources:"]
    for i in range(resources // 4):
        lines += [
            f"  # cell {i}",
            f"  Jobs{i}Queue:", "    Type: AWS::SQS::Queue", "    Properties:", "      VisibilityTimeout: 180",
            f"  Items{i}Table:", "    Type: AWS::Serverless::SimpleTable",
            f"  Done{i}Topic:", "    Type: AWS::SNS::Topic",
            f"  Worker{i}Function:", "    Type: AWS::Serverless::Function", "    Properties:",
            f"      CodeUri: src/worker{i}/", "      Environment:", "        Variables:",
            f"          TABLE: !Ref Items{i}Table", f"          TOPIC: !Ref Done{i}Topic",
            "      Policies:", f"        - DynamoDBCrudPolicy: {{TableName: !Ref Items{i}Table}}",
            f"        - SNSPublishMessagePolicy: {{TopicName: !GetAtt Done{i}Topic.TopicName}}",
            "      Events:", "        Jobs:", "          Type: SQS", "          Properties:",
            f"            Queue: !GetAtt Jobs{i}Queue.Arn",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    text = template_of(100)
    design = import_template(text, "template.yaml", advise_design=False).design
    data: dict[str, Any] = design.model_dump(mode="json", exclude_none=True)
    data["components"].append({"kind": "topic", "name": "added-events"})
    data["connections"].append({"kind": "publishes", "source": "worker0-function", "target": "added-events"})
    edited = Design.model_validate(data)
    figures = {
        "import + render (no advisor)": lambda: render_imported_template(
            import_template(text, "template.yaml", advise_design=False).design),
        "import with advisor + render": lambda: render_imported_template(
            import_template(text, "template.yaml").design),
        "render unedited": lambda: render_imported_template(design),
        "render after an edit": lambda: render_imported_template(edited),
    }
    print(f"import bench: 100-resource template ({len(text):,} bytes), {len(design.components)} components, "
          f"{len(design.connections)} connections")
    for label, action in figures.items():
        median, p95 = timed(action, runs=10)
        print(f"  {label:<30} median {median:7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
