"""Each correction in local/moto_compat.py, shown on moto in-process: the gap it names is closed."""

from __future__ import annotations

import json
from collections.abc import Iterator

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from local import moto_compat

REGION = "us-east-1"


@pytest.fixture(autouse=True)
def _aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for key, value in {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    moto_compat.apply_patches()
    with mock_aws():
        yield


def _table_with_stream(ddb: object, name: str) -> str:
    table = ddb.create_table(  # type: ignore[attr-defined]
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    return str(table["TableDescription"]["LatestStreamArn"])


def _read_all(streams: object, iterator: str) -> tuple[list[dict], str]:
    records: list[dict] = []
    while True:
        page = streams.get_records(ShardIterator=iterator, Limit=100)  # type: ignore[attr-defined]
        iterator = page["NextShardIterator"]
        if not page["Records"]:
            return records, iterator
        records += page["Records"]


def test_ddb1_a_cancelled_transaction_writes_nothing_and_stream_readers_keep_reading() -> None:
    # Given a table with a stream, a reader positioned on it, and an item with stock 1
    ddb, streams = boto3.client("dynamodb"), boto3.client("dynamodbstreams")
    arn = _table_with_stream(ddb, "stock")
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")[
        "ShardIterator"
    ]
    ddb.put_item(TableName="stock", Item={"pk": {"S": "a"}, "n": {"N": "1"}})
    ddb.put_item(TableName="stock", Item={"pk": {"S": "b"}, "n": {"N": "1"}})
    first, iterator = _read_all(streams, iterator)
    # When a transaction whose second condition fails is cancelled
    with pytest.raises(ClientError) as cancelled:
        ddb.transact_write_items(
            TransactItems=[
                {
                    "Update": {
                        "TableName": "stock",
                        "Key": {"pk": {"S": p}},
                        "UpdateExpression": "SET n = n - :q",
                        "ConditionExpression": "n >= :q",
                        "ExpressionAttributeValues": {":q": {"N": q}},
                    }
                }
                for p, q in (("a", "1"), ("b", "5"))
            ]
        )
    # and a plain write follows
    ddb.put_item(TableName="stock", Item={"pk": {"S": "c"}, "n": {"N": "7"}})
    later, _ = _read_all(streams, iterator)
    # Then the cancellation names the failed condition, nothing of the transaction was written or streamed,
    # and the reader that existed before sees the later write
    reasons = cancelled.value.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ConditionalCheckFailed"]
    assert ddb.get_item(TableName="stock", Key={"pk": {"S": "a"}})["Item"]["n"] == {"N": "1"}
    assert len(first) == 2
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in later] == ["c"]


def test_ddb1_a_successful_transaction_applies_every_write() -> None:
    ddb = boto3.client("dynamodb")
    _table_with_stream(ddb, "stock")
    ddb.put_item(TableName="stock", Item={"pk": {"S": "a"}, "n": {"N": "3"}})
    ddb.transact_write_items(
        TransactItems=[
            {
                "Update": {
                    "TableName": "stock",
                    "Key": {"pk": {"S": "a"}},
                    "UpdateExpression": "SET n = n - :q",
                    "ConditionExpression": "n >= :q",
                    "ExpressionAttributeValues": {":q": {"N": "2"}},
                }
            },
            {
                "Put": {
                    "TableName": "stock",
                    "Item": {"pk": {"S": "log"}},
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
        ]
    )
    assert ddb.get_item(TableName="stock", Key={"pk": {"S": "a"}})["Item"]["n"] == {"N": "1"}
    assert "Item" in ddb.get_item(TableName="stock", Key={"pk": {"S": "log"}})


def test_sqs1_redrive_policy_is_returned_compact() -> None:
    sqs = boto3.client("sqs")
    dlq = sqs.create_queue(QueueName="dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 10}, separators=(",", ":"))
    url = sqs.create_queue(QueueName="q", Attributes={"RedrivePolicy": policy})["QueueUrl"]
    returned = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"])["Attributes"]["RedrivePolicy"]
    assert returned == policy


def test_sqs2_setting_other_attributes_keeps_the_queue_policy() -> None:
    sqs = boto3.client("sqs")
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "sns.amazonaws.com"},
                    "Action": "sqs:SendMessage",
                    "Resource": "*",
                }
            ],
        }
    )
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy})
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "45"})
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert json.loads(attributes["Policy"]) == json.loads(policy)
    assert attributes["VisibilityTimeout"] == "45"


def test_sqs3_redrive_allow_policy_round_trips_and_disappears_when_cleared() -> None:
    sqs = boto3.client("sqs")
    url = sqs.create_queue(QueueName="dlq")["QueueUrl"]
    allow = json.dumps({"redrivePermission": "allowAll"})
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedriveAllowPolicy": allow})
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]["RedriveAllowPolicy"] == allow
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedriveAllowPolicy": ""})
    assert "RedriveAllowPolicy" not in sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]


def test_sfn1_and_sfn2_the_calls_the_provider_makes_are_answered() -> None:
    sfn = boto3.client("stepfunctions")
    definition = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    assert sfn.validate_state_machine_definition(definition=definition)["result"] == "OK"
    arn = sfn.create_state_machine(name="s", definition=definition, roleArn="arn:aws:iam::123456789012:role/r")[
        "stateMachineArn"
    ]
    assert sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"] == []


def test_evb1_only_while_a_plane_routes_events_are_tapped_and_not_delivered_by_moto(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events, sqs = boto3.client("events"), boto3.client("sqs")
    url = sqs.create_queue(QueueName="target")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="all", EventPattern=json.dumps({"source": ["test"]}))
    events.put_targets(Rule="all", Targets=[{"Id": "q", "Arn": arn}])
    entry = {"Source": "test", "DetailType": "t", "Detail": json.dumps({"k": 1})}
    while not moto_compat.event_tap.empty():
        moto_compat.event_tap.get_nowait()
    # moto's own delivery when no plane routes
    events.put_events(Entries=[entry])
    assert len(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])) == 1
    assert moto_compat.event_tap.empty()
    # the plane's tap, and no moto delivery, while a plane routes
    monkeypatch.setattr(moto_compat, "plane_routes", True)
    events.put_events(Entries=[entry])
    bus, event = moto_compat.event_tap.get_nowait()
    assert (bus, event["source"], event["detail"]) == ("default", "test", {"k": 1})
    assert event["account"] == "123456789012"
    assert sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []) == []


def test_esm1_moto_does_not_consume_a_queue_that_has_an_event_source_mapping() -> None:
    import io
    import zipfile

    iam, lam, sqs = boto3.client("iam"), boto3.client("lambda"), boto3.client("sqs")
    role = iam.create_role(RoleName="r", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("h.py", "def handler(event, context):\n    return None\n")
    lam.create_function(
        FunctionName="f", Runtime="python3.12", Role=role, Handler="h.handler", Code={"ZipFile": code.getvalue()}
    )
    url = sqs.create_queue(QueueName="work")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="f", BatchSize=10)
    sqs.send_message(QueueUrl=url, MessageBody="hello")
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"]).get("Messages", [])
    # untouched: this is its first receive (moto's hook would have received it already, trying Docker)
    assert [(m["Body"], m["Attributes"]["ApproximateReceiveCount"]) for m in messages] == [("hello", "1")]
