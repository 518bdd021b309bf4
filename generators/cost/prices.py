"""The one price table of the cost estimate: us-east-1, monthly, in USD.

Taken on 2026-11-22. Every figure says where it comes from:
- origin "seed": stated in the seed catalog §4.1 (the reference documents the product is built from);
- origin "aws": AWS's published us-east-1 list price for a service the seeds give no price for, read from the
  AWS pricing page named in `source` (stored copies consulted on the date above). List prices change: when
  they do, update the figure and PRICES_TAKEN_ON together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PRICES_TAKEN_ON = "2026-11-22"
PRICE_REGION = "us-east-1"
HOURS_PER_MONTH = 730
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
DAYS_PER_MONTH = 30.42

Origin = Literal["seed", "aws"]


@dataclass(frozen=True)
class Price:
    key: str
    usd: float
    unit: str
    """What the price is for, e.g. "per 1M requests"."""
    origin: Origin
    source: str
    per: float = 1.0
    """How many units of the quantity the price covers (1e6 for "per 1M requests")."""

    @property
    def label(self) -> str:
        amount = f"{self.usd:g}" if self.usd >= 0.001 or self.usd == 0 else f"{self.usd:.10f}".rstrip("0")
        return f"${amount} {self.unit}"

    def cost(self, quantity: float) -> float:
        return quantity * self.usd / self.per


_LAMBDA = "https://aws.amazon.com/lambda/pricing/"
_APIGW = "https://aws.amazon.com/api-gateway/pricing/"
_SQS = "https://aws.amazon.com/sqs/pricing/"
_SNS = "https://aws.amazon.com/sns/pricing/"
_EVENTS = "https://aws.amazon.com/eventbridge/pricing/"
_DDB = "https://aws.amazon.com/dynamodb/pricing/"
_S3 = "https://aws.amazon.com/s3/pricing/"
_KINESIS = "https://aws.amazon.com/kinesis/data-streams/pricing/"
_SFN = "https://aws.amazon.com/step-functions/pricing/"
_CW = "https://aws.amazon.com/cloudwatch/pricing/"
_XRAY = "https://aws.amazon.com/xray/pricing/"
_RED_FLAGS = "002 §Red Flags (L996)"

PRICES: dict[str, Price] = {p.key: p for p in (
    # Lambda (seed catalog §4.1)
    Price("lambda.requests", 0.20, "per 1M requests", "seed", "002 §Pricing Model (L547)", per=1e6),
    Price("lambda.gb_s.x86_64", 0.0000166667, "per GB-second (x86_64)", "seed", "002 §Pricing Model (L547)"),
    Price("lambda.gb_s.arm64", 0.0000133334, "per GB-second (arm64)", "seed", "002 §Pricing Model (L547)"),
    Price("lambda.free.requests", 1_000_000, "free requests per month", "seed", "002 §Pricing Model (L547)"),
    Price("lambda.free.gb_s", 400_000, "free GB-seconds per month", "seed", "002 §Pricing Model (L547)"),
    Price("lambda.provisioned.gb_s.x86_64", 0.0000041667, "per provisioned GB-second (x86_64)", "aws",
          _LAMBDA),
    Price("lambda.provisioned.gb_s.arm64", 0.0000033334, "per provisioned GB-second (arm64)", "aws", _LAMBDA),
    # front doors
    Price("apigw.http.requests", 1.00, "per 1M HTTP API requests (first 300M)", "aws", _APIGW, per=1e6),
    Price("apigw.rest.requests", 3.50, "per 1M REST API requests (first 333M)", "aws", _APIGW, per=1e6),
    Price("function_url.requests", 0.0, "per request (free; pay only for Lambda)", "seed",
          "000 §API Endpoint Options (L260); 002 §Function URL vs API Gateway (L913)"),
    # messaging
    Price("sqs.standard.requests", 0.40, "per 1M standard requests (64 KB chunks)", "aws", _SQS, per=1e6),
    Price("sqs.fifo.requests", 0.50, "per 1M FIFO-queue requests (64 KB chunks)", "aws", _SQS, per=1e6),
    Price("sns.publishes", 0.50, "per 1M publishes (64 KB chunks; deliveries to Lambda/SQS free)",
          "aws", _SNS, per=1e6),
    Price("events.custom", 1.00, "per 1M custom events (64 KB chunks)", "aws", _EVENTS, per=1e6),
    Price("events.archive.processed", 0.10, "per GB archived", "aws", _EVENTS),
    Price("events.archive.storage", 0.023, "per GB-month of archive", "aws", _EVENTS),
    Price("scheduler.invocations", 1.00, "per 1M schedule invocations (14M a month free)", "aws", _EVENTS,
          per=1e6),
    # data
    Price("dynamodb.ondemand.write", 0.625, "per 1M write request units", "aws", _DDB, per=1e6),
    Price("dynamodb.ondemand.read", 0.125, "per 1M read request units", "aws", _DDB, per=1e6),
    Price("dynamodb.provisioned.wcu_hour", 0.00065, "per WCU-hour", "aws", _DDB),
    Price("dynamodb.provisioned.rcu_hour", 0.00013, "per RCU-hour", "aws", _DDB),
    Price("dynamodb.storage", 0.25, "per GB-month (first 25 GB free)", "aws", _DDB),
    Price("dynamodb.pitr", 0.20, "per GB-month of point-in-time recovery", "aws", _DDB),
    Price("s3.storage", 0.023, "per GB-month (S3 Standard, first 50 TB)", "aws", _S3),
    Price("s3.put", 0.005, "per 1,000 PUT/COPY/POST/LIST requests", "aws", _S3, per=1e3),
    Price("s3.get", 0.0004, "per 1,000 GET requests", "aws", _S3, per=1e3),
    Price("kinesis.ondemand.stream_hour", 0.04, "per on-demand stream-hour", "aws", _KINESIS),
    Price("kinesis.ondemand.ingest_gb", 0.08, "per GB written (on-demand)", "aws", _KINESIS),
    Price("kinesis.ondemand.retrieval_gb", 0.04, "per GB read (on-demand)", "aws", _KINESIS),
    Price("kinesis.provisioned.shard_hour", 0.015, "per shard-hour", "aws", _KINESIS),
    Price("kinesis.provisioned.put_units", 0.014, "per 1M PUT payload units (25 KB)", "aws", _KINESIS,
          per=1e6),
    # workflows (seed catalog §4.1; the Express duration rate is not in the seeds)
    Price("sfn.standard.transitions", 0.025, "per 1,000 state transitions", "seed", _RED_FLAGS, per=1e3),
    Price("sfn.express.requests", 1.00, "per 1M Express executions", "seed", _RED_FLAGS, per=1e6),
    Price("sfn.express.gb_s", 0.00001667, "per GB-second (first 1,000 GB-hours; 64 MB chunks)", "aws", _SFN),
    # Lambda durable functions: each checkpointed operation (step, wait, callback, child context) is billed; the
    # seeds say only "active compute time, free during waits" (seed catalog §4.1 has no $ figure). The data
    # written and retained charges are not estimated.
    Price("lambda.durable.operations", 8.00, "per 1M durable operations", "aws", _LAMBDA, per=1e6),
    # observability
    Price("logs.ingest", 0.50, "per GB of logs ingested", "aws", _CW),
    Price("logs.storage", 0.03, "per GB-month of logs stored", "aws", _CW),
    Price("xray.traces", 5.00, "per 1M traces recorded", "aws", _XRAY, per=1e6),
)}


def price(key: str) -> Price:
    return PRICES[key]
