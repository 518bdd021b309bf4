"""Writes the import corpus (`python tests/engine/importing/make_corpus.py`): ten hand-written templates in the
styles of public SAM repositories, each in five variants (as written; JSON; long-form intrinsics; with
Parameters/Conditions/Outputs and resource attributes; with Globals and Metadata), plus `expected.json`: the
relationships a reader would draw in each (kind, source, target)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

HERE = Path(__file__).parent / "corpus"
SAM = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n"

BASES: dict[str, tuple[str, list[list[str]]]] = {
    "api-table": (SAM + """Description: Orders API backed by a DynamoDB table
Resources:
  # the HTTP API in front of the functions
  OrdersApi:
    Type: AWS::Serverless::HttpApi
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: pk
          AttributeType: S
      KeySchema:
        - AttributeName: pk
          KeyType: HASH
  GetOrderFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/get_order/
      Handler: app.handler
      Runtime: python3.12
      Environment:
        Variables:
          TABLE_NAME: !Ref OrdersTable
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref OrdersTable
      Events:
        Get:
          Type: HttpApi
          Properties:
            ApiId: !Ref OrdersApi
            Path: /orders/{id}
            Method: GET
  PutOrderFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/put_order/
      Handler: app.handler
      Runtime: python3.12
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref OrdersTable
      Events:
        Put:
          Type: HttpApi
          Properties:
            ApiId: !Ref OrdersApi
            Path: /orders
            Method: POST
""", [["routes", "OrdersApi", "GetOrderFunction"], ["reads", "GetOrderFunction", "OrdersTable"],
      ["routes", "OrdersApi", "PutOrderFunction"], ["writes", "PutOrderFunction", "OrdersTable"]]),
    "sqs-consumer": (SAM + """Resources:
  JobsQueue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 180  # 6 x the function timeout
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt JobsDeadLetters.Arn
        maxReceiveCount: 5
  JobsDeadLetters:
    Type: AWS::SQS::Queue
  WorkerFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: worker/
      Handler: index.handler
      Runtime: nodejs20.x
      Timeout: 30
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt JobsQueue.Arn
            BatchSize: 10
""", [["triggers", "JobsQueue", "WorkerFunction"]]),
    "sns-fanout": (SAM + """Resources:
  EventsTopic:
    Type: AWS::SNS::Topic
  AuditQueue:
    Type: AWS::SQS::Queue
  AuditSubscription:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref EventsTopic
      Protocol: sqs
      Endpoint: !GetAtt AuditQueue.Arn
  NotifyFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: notify/
      Handler: app.handler
      Runtime: python3.12
      Events:
        Topic:
          Type: SNS
          Properties:
            Topic: !Ref EventsTopic
  PublisherFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: publisher/
      Handler: app.handler
      Runtime: python3.12
      Environment:
        Variables:
          TOPIC_ARN: !Ref EventsTopic
      Policies:
        - SNSPublishMessagePolicy:
            TopicName: !GetAtt EventsTopic.TopicName
""", [["triggers", "EventsTopic", "AuditQueue"], ["triggers", "EventsTopic", "NotifyFunction"],
      ["publishes", "PublisherFunction", "EventsTopic"]]),
    "eventbridge": (SAM + """Resources:
  AppBus:
    Type: AWS::Events::EventBus
    Properties:
      Name: app-bus
  BillingFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: billing/
      Handler: app.handler
      Runtime: python3.12
  BillingRule:
    Type: AWS::Events::Rule
    Properties:
      EventBusName: !Ref AppBus
      EventPattern:
        source: [orders]
      Targets:
        - Id: billing
          Arn: !GetAtt BillingFunction.Arn
  BillingPermission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref BillingFunction
      Principal: events.amazonaws.com
      SourceArn: !GetAtt BillingRule.Arn
  EmitterFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: emitter/
      Handler: app.handler
      Runtime: python3.12
      Environment:
        Variables:
          BUS_NAME: !Ref AppBus
      Policies:
        - EventBridgePutEventsPolicy:
            EventBusName: !Ref AppBus
""", [["triggers", "AppBus", "BillingFunction"], ["publishes", "EmitterFunction", "AppBus"]]),
    "kinesis-dynamodb-stream": (SAM + """Resources:
  ClickStream:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 2
  CountsTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      StreamSpecification:
        StreamViewType: NEW_IMAGE
  CounterFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: counter/
      Handler: app.handler
      Runtime: python3.12
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref CountsTable
      Events:
        Clicks:
          Type: Kinesis
          Properties:
            Stream: !GetAtt ClickStream.Arn
            StartingPosition: LATEST
            BatchSize: 100
  ChangesFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: changes/
      Handler: app.handler
      Runtime: python3.12
  ChangesMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !GetAtt CountsTable.StreamArn
      FunctionName: !Ref ChangesFunction
      StartingPosition: TRIM_HORIZON
""", [["triggers", "ClickStream", "CounterFunction"], ["writes", "CounterFunction", "CountsTable"],
      ["triggers", "CountsTable", "ChangesFunction"]]),
    "s3-processor": (SAM + """Resources:
  UploadsBucket:
    Type: AWS::S3::Bucket
  ThumbnailsBucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
  ResizeFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: resize/
      Handler: app.handler
      Runtime: python3.12
      MemorySize: 1024
      Environment:
        Variables:
          OUTPUT_BUCKET: !Ref ThumbnailsBucket
      Policies:
        - S3ReadPolicy:
            BucketName: uploads-bucket-name
        - S3CrudPolicy:
            BucketName: !Ref ThumbnailsBucket
      Events:
        Uploaded:
          Type: S3
          Properties:
            Bucket: !Ref UploadsBucket
            Events: s3:ObjectCreated:*
""", [["triggers", "UploadsBucket", "ResizeFunction"], ["writes", "ResizeFunction", "ThumbnailsBucket"]]),
    "workflow": (SAM + """Resources:
  ValidateFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: validate/
      Handler: app.handler
      Runtime: python3.12
  OrderWorkflow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: statemachine/order.asl.json
      DefinitionSubstitutions:
        ValidateArn: !GetAtt ValidateFunction.Arn
      Policies:
        - LambdaInvokePolicy:
            FunctionName: !Ref ValidateFunction
  StarterFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: starter/
      Handler: app.handler
      Runtime: python3.12
      Environment:
        Variables:
          STATE_MACHINE_ARN: !Ref OrderWorkflow
      Policies:
        - StepFunctionsExecutionPolicy:
            StateMachineName: !GetAtt OrderWorkflow.Name
""", [["starts", "StarterFunction", "OrderWorkflow"]]),
    "pipes-secrets": (SAM + """Resources:
  SourceQueue:
    Type: AWS::SQS::Queue
  TargetFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: target/
      Handler: app.handler
      Runtime: python3.12
      Environment:
        Variables:
          API_KEY_SECRET: !Ref ApiKeySecret
  ApiKeySecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString:
        PasswordLength: 32
  PipeRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: pipes.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: pipe
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]
                Resource: !GetAtt SourceQueue.Arn
              - Effect: Allow
                Action: lambda:InvokeFunction
                Resource: !GetAtt TargetFunction.Arn
  QueuePipe:
    Type: AWS::Pipes::Pipe
    Properties:
      RoleArn: !GetAtt PipeRole.Arn
      Source: !GetAtt SourceQueue.Arn
      Target: !GetAtt TargetFunction.Arn
""", [["pipes", "SourceQueue", "QueuePipe"], ["pipes", "QueuePipe", "TargetFunction"],
                ["reads", "TargetFunction", "ApiKeySecret"]]),
    "hand-role-connector": (SAM + """Resources:
  ReportsTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
  ReportsFunctionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
      Policies:
        - PolicyName: table
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: [dynamodb:GetItem, dynamodb:Query]
                Resource: !GetAtt ReportsTable.Arn
  ReportsFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: reports/
      Handler: app.handler
      Runtime: python3.12
      Role: !GetAtt ReportsFunctionRole.Arn
  ArchiveBucket:
    Type: AWS::S3::Bucket
  ArchiveFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: archive/
      Handler: app.handler
      Runtime: python3.12
  ArchiveConnector:
    Type: AWS::Serverless::Connector
    Properties:
      Source:
        Id: ArchiveFunction
      Destination:
        Id: ArchiveBucket
      Permissions:
        - Write
""", [["reads", "ReportsFunction", "ReportsTable"], ["writes", "ArchiveFunction", "ArchiveBucket"]]),
    "raw-apigw-custom": ("""AWSTemplateFormatVersion: '2010-09-09'
Description: Plain CloudFormation, a REST API by hand and a custom resource
Resources:
  HelloRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
  HelloFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt HelloRole.Arn
      Code:
        ZipFile: |
          def handler(event, context):
              return {"statusCode": 200, "body": "hello"}
  RestApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: hello
  HelloResource:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref RestApi
      ParentId: !GetAtt RestApi.RootResourceId
      PathPart: hello
  HelloMethod:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref RestApi
      ResourceId: !Ref HelloResource
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${HelloFunction.Arn}/invocations
  SeedData:
    Type: Custom::SeedData
    Properties:
      ServiceToken: !GetAtt HelloFunction.Arn
      Items: 3
""", [["routes", "RestApi", "HelloFunction"]]),
}


def _long_form(text: str) -> str:
    from generators.importing.parse import parse_template

    return yaml.safe_dump(parse_template(text).plain, sort_keys=False, width=1000)


def _with_sections(text: str) -> str:
    first_resource = text.index("Resources:\n") + len("Resources:\n")
    block_end = text.index("\n  ", first_resource + 3)
    header = ("Parameters:\n  Stage:\n    Type: String\n    Default: dev\n    AllowedValues: [dev, prod]\n"
              "Conditions:\n  IsProd: !Equals [!Ref Stage, prod]\n")
    text = text.replace("Resources:\n", header + "Resources:\n", 1)
    # the first resource gets attributes CloudFormation keeps on the resource, not in Properties
    lines = text.split("\n")
    index = lines.index("Resources:") + 1
    while lines[index].lstrip().startswith("#"):
        index += 1
    lines.insert(index + 1, "    DeletionPolicy: Retain\n    UpdateReplacePolicy: Retain")
    del block_end
    return "\n".join(lines) + "Outputs:\n  StageName:\n    Value: !Ref Stage\n    Condition: IsProd\n"


def _with_globals(text: str) -> str:
    extra = "Metadata:\n  Owner: platform-team  # who to ask\n"
    if "Transform:" in text:
        extra += "Globals:\n  Function:\n    Timeout: 20\n    MemorySize: 256\n    Tracing: Active\n"
    return text.replace("Resources:\n", extra + "Resources:\n", 1)


def main() -> None:
    expected: dict[str, list[list[str]]] = {}
    for base, (text, relations) in BASES.items():
        from generators.importing.parse import parse_template

        variants = {
            f"{base}.yaml": text,
            f"{base}-json.json": json.dumps(parse_template(text).plain, indent=2) + "\n",
            f"{base}-long.yaml": _long_form(text),
            f"{base}-sections.yaml": _with_sections(text),
            f"{base}-globals.yaml": _with_globals(text),
        }
        for name, body in variants.items():
            (HERE / name).write_text(body, encoding="utf-8")
            expected[name] = relations
    (HERE.parent / "expected.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
