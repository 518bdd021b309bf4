"""CloudWatch alarms (seed catalog §5.1): function error rate and throttles, DLQ depth, stream iterator age,
failed workflow executions. Every alarm notifies the stack's AlarmTopic."""

from __future__ import annotations

from typing import Any

from generators.model import Design
from generators.renderers.analysis import FunctionPlan
from generators.renderers.cfn_yaml import GetAtt, Ref
from generators.renderers.sam.naming import lid


def _alarm(description: str, namespace: str, metric: str, dimensions: list[dict[str, Any]], statistic: str,
           threshold: float, comparison: str = "GreaterThanThreshold", period: int = 300) -> dict[str, Any]:
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "AlarmDescription": description,
        "Namespace": namespace,
        "MetricName": metric,
        "Dimensions": dimensions,
        "Statistic": statistic,
        "Period": period,
        "EvaluationPeriods": 1,
        "Threshold": threshold,
        "ComparisonOperator": comparison,
        "TreatMissingData": "notBreaching",
        "AlarmActions": [Ref("AlarmTopic")],
    }}


def _error_rate_alarm(function_id: str, name: str) -> dict[str, Any]:
    def stat(metric_id: str, metric: str) -> dict[str, Any]:
        return {"Id": metric_id, "ReturnData": False, "MetricStat": {
            "Metric": {"Namespace": "AWS/Lambda", "MetricName": metric,
                       "Dimensions": [{"Name": "FunctionName", "Value": Ref(function_id)}]},
            "Period": 300, "Stat": "Sum"}}

    return {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "AlarmDescription": f"{name}: more than 1% of invocations failed over 5 minutes",
        "Metrics": [
            stat("errors", "Errors"),
            stat("invocations", "Invocations"),
            {"Id": "errorRate", "Expression": "100 * errors / MAX([errors, invocations])",
             "Label": "Error rate (%)", "ReturnData": True},
        ],
        "EvaluationPeriods": 1,
        "Threshold": 1,
        "ComparisonOperator": "GreaterThanThreshold",
        "TreatMissingData": "notBreaching",
        "AlarmActions": [Ref("AlarmTopic")],
    }}


def alarms(design: Design, plans: dict[str, FunctionPlan], resources: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, plan in plans.items():
        ident = lid(name)
        fn = [{"Name": "FunctionName", "Value": Ref(ident)}]
        out[f"{ident}ErrorsAlarm"] = _error_rate_alarm(ident, name)
        out[f"{ident}ThrottlesAlarm"] = _alarm(f"{name} is throttled", "AWS/Lambda", "Throttles", fn, "Sum", 0)
        if plan.shape in ("dynamodb_stream", "kinesis"):
            out[f"{ident}IteratorAgeAlarm"] = _alarm(f"{name} is more than 60 s behind its stream", "AWS/Lambda",
                                                     "IteratorAge", fn, "Maximum", 60000)
    for logical_id, resource in resources.items():
        if resource["Type"] == "AWS::SQS::Queue" and logical_id.endswith("DLQ"):
            out[f"{logical_id}DepthAlarm"] = _alarm(
                f"Messages are waiting in dead-letter queue {logical_id}", "AWS/SQS",
                "ApproximateNumberOfMessagesVisible",
                [{"Name": "QueueName", "Value": GetAtt(logical_id, "QueueName")}], "Maximum", 0, period=60)
        elif resource["Type"] == "AWS::Serverless::StateMachine":
            out[f"{logical_id}FailedAlarm"] = _alarm(
                f"Executions of {logical_id} failed", "AWS/States", "ExecutionsFailed",
                [{"Name": "StateMachineArn", "Value": Ref(logical_id)}], "Sum", 0)
    return out
