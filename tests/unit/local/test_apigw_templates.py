"""API Gateway mapping templates and request validation (local/apigw_templates.py).

Part 1 replays the VTL corpus in ../shared/corpus/vtl: every case of aws_validated_cases.json (recorded
against real API Gateway) and of localstack_unit_cases.json (LocalStack unit expectations).  Each case
is either run here or listed in OUT_OF_SCOPE with the reason; a coverage test keeps that list honest.
Part 2 describes, Given/When/Then, this project's own templates (POST /orders -> DynamoDB PutItem,
the 201 response) and the order model's request validation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest

from local.apigw_templates import (
    INVALID_REQUEST_BODY_MESSAGE,
    RenderedTemplate,
    TemplateRenderingError,
    check_request_body,
    ecma_regex,
    render_mapping_template,
    render_template,
    validate_request_body,
    validate_required_parameters,
)

REPO_ROOT = Path(__file__).resolve().parents[3]
CORPUS_DIR = REPO_ROOT.parent / "shared" / "corpus" / "vtl"

if not (CORPUS_DIR / "aws_validated_cases.json").is_file():
    raise RuntimeError(f"VTL corpus not found at {CORPUS_DIR} (expected ../shared/corpus/ next to the repo)")

AWS_CASES: list[dict[str, Any]] = json.loads((CORPUS_DIR / "aws_validated_cases.json").read_text())["cases"]
LOCALSTACK_CASES: list[dict[str, Any]] = json.loads((CORPUS_DIR / "localstack_unit_cases.json").read_text())["cases"]

#: Corpus cases not run here, with the reason (a test below checks every corpus id is run or listed).
OUT_OF_SCOPE: dict[str, str] = {
    "escapeJavaScript::None": (
        "LocalStack calls its Python helper with None directly and expects 'null'. A template cannot do "
        "that: in API Gateway a null reference reaches $util as an empty value (the AWS-validated case "
        "input_path__empty-body shows null == ''), so $util.escapeJavaScript($x) with $x null renders ''. "
        "No AWS recording exists for this input."
    ),
}

#: Cases run against a different expected value than the corpus gives, with the reason.
EXPECTED_OVERRIDES: dict[str, tuple[str, str]] = {
    'escapeJavaScript::"it\'s"': (
        "it\\'s",
        "marked 'disputed' in the corpus: the AWS mapping-template reference says escapeJavaScript turns ' "
        "into \\' (Apache Commons StringEscapeUtils); LocalStack's unit test keeps it unchanged. "
        "AWS docs win.",
    ),
}

#: The $context API Gateway would provide for the corpus requests (values are arbitrary but fixed).
CONTEXT: dict[str, Any] = {
    "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    "extendedRequestId": "EXAMPLE=",
    "httpMethod": "POST",
    "resourcePath": "/test",
    "path": "/local/test",
    "stage": "local",
    "apiId": "a1b2c3d4e5",
    "accountId": "000000000000",
    "protocol": "HTTP/1.1",
    "requestTime": "03/Dec/2025:19:26:00 +0000",
    "requestTimeEpoch": 1764789960000,
    "identity": {"sourceIp": "127.0.0.1", "userAgent": "pytest"},
}


def _case_params(cases: list[dict[str, Any]]) -> list[Any]:
    return [pytest.param(case, id=case["id"]) for case in cases if case["id"] not in OUT_OF_SCOPE]


def _json_body(value: Any) -> str:
    """A recorded JSON document as the payload a template sees (null = empty payload)."""
    return "" if value is None else json.dumps(value)


def _querystring(client_request: str) -> dict[str, str]:
    """``POST /test?id=test 3`` -> ``{"id": "test 3"}`` (the corpus writes decoded values)."""
    _, _, query = client_request.partition("?")
    return dict(pair.split("=", 1) for pair in query.split("&") if pair)


# --------------------------------------------------------------------------------------------------
# Part 1 - the corpus
# --------------------------------------------------------------------------------------------------


def test_every_corpus_case_is_run_or_listed_out_of_scope() -> None:
    ids = [case["id"] for case in AWS_CASES + LOCALSTACK_CASES]
    assert len(ids) == len(set(ids)), "corpus ids must be unique"
    assert set(OUT_OF_SCOPE) <= set(ids), "OUT_OF_SCOPE names a case the corpus does not have"
    assert set(EXPECTED_OVERRIDES) <= set(ids) - set(OUT_OF_SCOPE)
    known_kinds = {"response_template", "request_then_response_template", "mock_integration"}
    known_kinds |= {"request_template_effect"}
    assert {case["kind"] for case in AWS_CASES} <= known_kinds, "a new kind of AWS case needs a runner"
    # High in-scope fraction: all AWS-recorded cases, all but one LocalStack expectation.
    assert len(OUT_OF_SCOPE) == 1


@pytest.mark.parametrize("case", _case_params([c for c in AWS_CASES if c["kind"] == "response_template"]))
def test_aws_response_template(case: dict[str, Any]) -> None:
    template = case.get("template") or (CORPUS_DIR / case["template_file"]).read_text()

    rendered = render_mapping_template(
        template, body=_json_body(case["template_input_body"]), context=CONTEXT, params={}
    )

    if "expected_rendered" in case:
        assert rendered.body == case["expected_rendered"]
    if "expected_client_response_json" in case:
        assert json.loads(rendered.body) == case["expected_client_response_json"]
    if "expected_status" in case:
        assert rendered.status_override == case["expected_status"]


@pytest.mark.parametrize("case", _case_params([c for c in AWS_CASES if c["kind"] == "request_then_response_template"]))
def test_aws_request_then_response_template(case: dict[str, Any]) -> None:
    assert case["client_content_type"] == "application/json"

    integration_request = render_template(
        case["request_template"], body=case["client_request_body"], context=CONTEXT, params={}
    )
    # The integration echoes the rendered request verbatim; the response template renders over it.
    client_response = render_template(case["response_template"], body=integration_request, context=CONTEXT, params={})

    assert client_response == case["expected_client_response_body"]


@pytest.mark.parametrize("case", _case_params([c for c in AWS_CASES if c["kind"] == "mock_integration"]))
def test_aws_mock_integration(case: dict[str, Any]) -> None:
    params: dict[str, dict[str, str]] = {"path": {}, "querystring": {}, "header": {}}
    if "path_parameter_testPath" in case:
        params["path"]["testPath"] = case["path_parameter_testPath"]

    # MOCK: the rendered request template is JSON whose statusCode selects the integration response.
    request = render_mapping_template(case["request_template"], body="", context=CONTEXT, params=params)
    integration_status = json.loads(request.body)["statusCode"]
    final: RenderedTemplate = request
    body = ""  # a MOCK integration returns no payload; without a response template that is what the client gets
    if case["response_template"] is not None:
        # API Gateway carries the $context overrides from the request template into the response template.
        final = render_mapping_template(
            case["response_template"],
            body="",
            context={**CONTEXT, **request.context_overrides()},
            params=params,
        )
        body = final.body

    assert (final.status_override or integration_status) == case.get("expected_status", 200)
    for name, value in case.get("expected_headers", {}).items():
        assert final.header_overrides[name] == value
    if "expected_client_response_json" in case:
        assert json.loads(body) == case["expected_client_response_json"]
    if "expected_client_response_body" in case:
        assert body == case["expected_client_response_body"]


@pytest.fixture
def dynamodb(monkeypatch: pytest.MonkeyPatch) -> Any:
    """An in-process DynamoDB (moto) to apply rendered DynamoDB requests; test-only, never in the module."""
    from moto import mock_aws

    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        yield boto3.client("dynamodb", region_name="us-east-1")


@pytest.mark.parametrize("case", _case_params([c for c in AWS_CASES if c["kind"] == "request_template_effect"]))
def test_aws_dynamodb_request_template_effect(case: dict[str, Any], dynamodb: Any) -> None:
    table = "vtl-corpus"
    dynamodb.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    for item in case.get("table_items_before", []):
        dynamodb.put_item(TableName=table, Item=item)
    query = _querystring(case["client_request"])

    rendered = render_template(case["template"], body="", context=CONTEXT, params={"querystring": query})

    if "expected_rendered" in case:
        assert rendered == case["expected_rendered"]
    # AWS sends the rendered JSON to DynamoDB as the action's request; without a response template
    # the client gets DynamoDB's JSON response as is.
    action = case["integration_uri"].rsplit("/", 1)[1]
    request = json.loads(rendered.replace("<table>", table))
    response = {"PutItem": dynamodb.put_item, "Query": dynamodb.query}[action](**request)
    response.pop("ResponseMetadata")
    assert response == case["expected_client_response_json"]
    assert case["expected_status"] == 200


@pytest.mark.parametrize("case", _case_params(LOCALSTACK_CASES))
def test_localstack_unit_case(case: dict[str, Any]) -> None:
    expected, _reason = EXPECTED_OVERRIDES.get(case["id"], (case.get("expected"), ""))
    if "expression" in case:
        rendered = render_mapping_template(
            case["expression"], body="", context=CONTEXT, params={}, variables={"x": case["x"]}
        ).body
    else:
        rendered = render_mapping_template(
            case["template"],
            body=case.get("body", ""),
            context=CONTEXT,
            params={},
            variables=case.get("variables"),
        ).body

    if "expected_json" in case:
        assert json.loads(rendered) == case["expected_json"]
    else:
        assert rendered == expected


def test_localstack_request_template_renders_valid_json_as_a_smoke_input() -> None:
    # Given the corpus' "method request passthrough" template (no AWS rendering recorded for it)
    template = (CORPUS_DIR / "templates" / "localstack__request-template.vm").read_text()
    params = {
        "path": {"orderId": "o-1"},
        "querystring": {"verbose": "true", "q": 'say "hi" \\ /'},
        "header": {"Content-Type": "application/json", "User-Agent": "pytest"},
    }

    # When it renders over a JSON body
    rendered = render_template(template, body='{"a": [1, 2.5, {"b": null}]}', context=CONTEXT, params=params)

    # Then it is JSON carrying the context, every parameter verbatim and the body
    document = json.loads(rendered)
    assert document["apiContext"]["requestId"] == CONTEXT["requestId"]
    assert document["apiContext"]["sourceIp"] == "127.0.0.1"
    assert document["apiContext"]["stage"] == "local"
    assert document["path"]["parameterMap"] == params["path"]
    assert document["querystring"]["parameterMap"] == params["querystring"]
    assert document["header"]["parameterMap"] == params["header"]
    assert document["body"] == {"a": [1, 2.5, {"b": None}]}


# --------------------------------------------------------------------------------------------------
# Part 2 - this project's templates and model
# --------------------------------------------------------------------------------------------------

ORDERS_TABLE = "local-orders"

#: Integration request template of POST /orders (DynamoDB PutItem, direct AWS integration).
CREATE_ORDER_REQUEST_TEMPLATE = (
    '{"TableName": "local-orders", "Item": {'
    '"pk": {"S": "ORDER#$context.requestId"}, "sk": {"S": "ORDER"}, '
    '"orderId": {"S": "$context.requestId"}, '
    '"customerId": {"S": "$util.escapeJavaScript($input.path(\'$.customerId\'))"}, '
    '"status": {"S": "PENDING"}, '
    '"items": {"L": [#foreach($it in $input.path(\'$.items\'))'
    '{"M": {"sku": {"S": "$util.escapeJavaScript($it.sku)"}, "quantity": {"N": "$it.quantity"}}}'
    "#if($foreach.hasNext),#end#end]}}, "
    '"ConditionExpression": "attribute_not_exists(pk)"}'
)

#: The same template with the AWS-documented fix for escapeJavaScript's \' (invalid in JSON).
CREATE_ORDER_REQUEST_TEMPLATE_APOSTROPHE_SAFE = CREATE_ORDER_REQUEST_TEMPLATE.replace(
    "$util.escapeJavaScript($input.path('$.customerId'))",
    "$util.escapeJavaScript($input.path('$.customerId')).replaceAll(\"\\\\'\", \"'\")",
).replace(
    "$util.escapeJavaScript($it.sku)",
    '$util.escapeJavaScript($it.sku).replaceAll("\\\\\'", "\'")',
)

#: Integration response template of POST /orders for the 201 response.
CREATED_RESPONSE_TEMPLATE = '{"orderId": "$context.requestId"}'

ORDER_MODEL: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "type": "object",
    "required": ["customerId", "items"],
    "properties": {
        "customerId": {"type": "string", "minLength": 1},
        "items": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["sku", "quantity"],
                "properties": {"sku": {"type": "string"}, "quantity": {"type": "integer", "minimum": 1}},
            },
        },
    },
}

ORDER_CONTEXT = {**CONTEXT, "resourcePath": "/orders", "path": "/local/orders"}
REQUEST_ID = ORDER_CONTEXT["requestId"]


def _create_order_body(customer_id: str, items: list[dict[str, Any]] | None = None) -> str:
    return json.dumps({"customerId": customer_id, "items": items or [{"sku": "SKU-1", "quantity": 2}]})


def _render_put_item(body: str, template: str = CREATE_ORDER_REQUEST_TEMPLATE) -> str:
    return render_template(template, body=body, context=ORDER_CONTEXT, params={"path": {}, "querystring": {}})


class TestCreateOrderRequestTemplate:
    def test_builds_the_put_item_request_from_the_body_and_the_request_id(self) -> None:
        # Given a valid order with two lines
        body = _create_order_body("cust-42", [{"sku": "SKU-1", "quantity": 2}, {"sku": "SKU-2", "quantity": 10}])

        # When the request template renders
        request = json.loads(_render_put_item(body))

        # Then it is the PutItem request keyed on the API Gateway request id
        assert request == {
            "TableName": ORDERS_TABLE,
            "Item": {
                "pk": {"S": f"ORDER#{REQUEST_ID}"},
                "sk": {"S": "ORDER"},
                "orderId": {"S": REQUEST_ID},
                "customerId": {"S": "cust-42"},
                "status": {"S": "PENDING"},
                "items": {
                    "L": [
                        {"M": {"sku": {"S": "SKU-1"}, "quantity": {"N": "2"}}},
                        {"M": {"sku": {"S": "SKU-2"}, "quantity": {"N": "10"}}},
                    ]
                },
            },
            "ConditionExpression": "attribute_not_exists(pk)",
        }

    @pytest.mark.parametrize(
        "customer_id",
        [
            pytest.param('ACME "Quoted" Ltd', id="double-quotes"),
            pytest.param("C:\\Users\\acme\\", id="backslashes-incl-trailing"),
            pytest.param('\\"}, "evil": {"S": "x', id="json-injection-attempt"),
            pytest.param("a/b </script>", id="slashes"),
            pytest.param("line1\nline2\ttab\r\x00\x1f", id="control-chars"),
            pytest.param("Zoë Ünïcødé 😀", id="non-ascii-and-astral"),
        ],
    )
    def test_customer_id_with_quotes_backslashes_and_more_stays_valid_json_and_exact(self, customer_id: str) -> None:
        # Given a customerId full of characters that are special in JSON
        body = _create_order_body(customer_id)

        # When the request template renders it through $util.escapeJavaScript
        rendered = _render_put_item(body)

        # Then the PutItem request is valid JSON and DynamoDB would store exactly what the client sent
        assert json.loads(rendered)["Item"]["customerId"] == {"S": customer_id}

    def test_escape_javascript_output_is_what_aws_documents(self) -> None:
        # Given a customerId with a quote, a backslash, a slash and a non-ASCII character
        body = _create_order_body('a"b\\c/dé')

        # When it renders
        rendered = _render_put_item(body)

        # Then escapeJavaScript produced Apache Commons' escapes (\" \\ \/ \uXXXX)
        assert '"customerId": {"S": "a\\"b\\\\c\\/d\\u00E9"}' in rendered

    def test_apostrophe_in_customer_id_makes_the_put_item_request_invalid_json(self) -> None:
        # Given a customerId with an apostrophe (an everyday name)
        body = _create_order_body("O'Brien")

        # When the template renders it with plain $util.escapeJavaScript
        rendered = _render_put_item(body)

        # Then, as on AWS, the apostrophe comes out as \' -- an escape JSON does not have
        assert '"customerId": {"S": "O\\\'Brien"}' in rendered
        with pytest.raises(json.JSONDecodeError):
            json.loads(rendered)

    @pytest.mark.parametrize("customer_id", ["O'Brien", "it\\'s", "'''", "a\\\\'b"])
    def test_replace_all_fix_from_the_aws_docs_keeps_apostrophes_valid_and_exact(self, customer_id: str) -> None:
        # Given the template with .replaceAll("\\'", "'") after each escapeJavaScript (AWS's advice)
        body = _create_order_body(customer_id, [{"sku": "it's", "quantity": 1}])

        # When it renders
        rendered = _render_put_item(body, CREATE_ORDER_REQUEST_TEMPLATE_APOSTROPHE_SAFE)

        # Then the request is valid JSON with the exact values
        item = json.loads(rendered)["Item"]
        assert item["customerId"] == {"S": customer_id}
        assert item["items"]["L"][0]["M"]["sku"] == {"S": "it's"}

    def test_the_rendered_request_is_accepted_by_dynamodb(self, dynamodb: Any) -> None:
        # Given the orders table and a valid order whose customerId needs escaping
        dynamodb.create_table(
            TableName=ORDERS_TABLE,
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        request = json.loads(_render_put_item(_create_order_body('ACME "Q" \\ Ltd')))

        # When it is sent as the PutItem request, twice (a retried request has the same request id)
        dynamodb.put_item(**request)
        with pytest.raises(dynamodb.exceptions.ConditionalCheckFailedException):
            dynamodb.put_item(**request)

        # Then the order is stored once, with the exact customerId
        stored = dynamodb.get_item(
            TableName=ORDERS_TABLE, Key={"pk": {"S": f"ORDER#{REQUEST_ID}"}, "sk": {"S": "ORDER"}}
        )
        assert stored["Item"]["customerId"] == {"S": 'ACME "Q" \\ Ltd'}
        assert stored["Item"]["items"]["L"][0]["M"]["quantity"] == {"N": "2"}


class TestCreateOrderResponseTemplates:
    def test_201_response_returns_the_order_id(self) -> None:
        # Given DynamoDB answered PutItem with an empty JSON object
        dynamodb_response = "{}"

        # When the 201 integration response template renders
        rendered = render_mapping_template(
            CREATED_RESPONSE_TEMPLATE, body=dynamodb_response, context=ORDER_CONTEXT, params={}
        )

        # Then the client gets the order id (the API Gateway request id) and the status stays 201
        assert json.loads(rendered.body) == {"orderId": REQUEST_ID}
        assert rendered.status_override is None
        assert rendered.header_overrides == {}

    def test_a_response_template_can_override_status_and_headers(self) -> None:
        # Given a response template for DynamoDB's ConditionalCheckFailedException
        template = (
            "#set($context.responseOverride.status = 409)\n"
            '#set($context.responseOverride.header.Retry-After = "0")\n'
            '{"message": "order $context.requestId already exists", "type": "$input.path(\'$.__type\')"}'
        )
        dynamodb_error = json.dumps({"__type": "ConditionalCheckFailedException", "message": "failed"})

        # When it renders
        rendered = render_mapping_template(template, body=dynamodb_error, context=ORDER_CONTEXT, params={})

        # Then the text comes back with the overrides alongside
        assert json.loads(rendered.body) == {
            "message": f"order {REQUEST_ID} already exists",
            "type": "ConditionalCheckFailedException",
        }
        assert rendered.status_override == 409
        assert rendered.header_overrides == {"Retry-After": "0"}

    def test_rendering_never_mutates_the_callers_context(self) -> None:
        # Given a context the event plane reuses
        context = {**ORDER_CONTEXT, "identity": {"sourceIp": "10.0.0.1"}}
        snapshot = json.loads(json.dumps(context))

        # When a template writes overrides and context values
        render_template(
            "#set($context.responseOverride.status = 500)#set($context.identity.sourceIp = 'x')",
            body="",
            context=context,
            params={},
        )

        # Then the caller's dict is unchanged
        assert context == snapshot


class TestTemplateVariables:
    def test_input_params_searches_path_then_querystring_then_header(self) -> None:
        # Given the same name in several places
        params = {
            "path": {"id": "from-path"},
            "querystring": {"id": "from-query", "q": "query-only"},
            "header": {"X-Trace": "hdr"},
        }
        template = "$input.params('id')|$input.params('q')|$input.params('x-trace')|[$input.params('none')]"

        # When the template asks by name
        rendered = render_template(template, body="", context=CONTEXT, params=params)

        # Then path wins over querystring, headers match case-insensitively, unknown names are empty
        assert rendered == "from-path|query-only|hdr|[]"

    def test_input_params_maps_and_stage_variables(self) -> None:
        # Given parameters and stage variables
        params = {"path": {"id": "7"}, "querystring": {}, "header": {"Accept": "*/*"}}
        template = (
            "#foreach($k in $input.params().header.keySet())$k=$input.params().header.get($k)#end;"
            "$input.params().path.id;$stageVariables.tableName;$context.stage"
        )

        # When it renders
        rendered = render_template(
            template, body="", context=CONTEXT, params=params, stage_variables={"tableName": "local-orders"}
        )

        # Then each map is reachable
        assert rendered == "Accept=*/*;7;local-orders;local"

    @pytest.mark.parametrize(
        ("path", "expected"),
        [
            ("$", '{"a":{"b":[10,{"c":"x"}]},"n d":true}'),
            ("$.a.b", '[10,{"c":"x"}]'),
            ("$.a.b[0]", "10"),
            ("$.a.b[-1].c", '"x"'),
            ("$['a']['b'][1]", '{"c":"x"}'),
            ('$["n d"]', "true"),
            ("a.b[1].c", '"x"'),
            ("$.a.b[*]", '[10,{"c":"x"}]'),
            ("$..c", '["x"]'),
            ("$.missing", '""'),
            ("$.a.b[5]", '""'),
        ],
    )
    def test_input_json_jsonpath_forms(self, path: str, expected: str) -> None:
        # Given a JSON body
        body = '{"a": {"b": [10, {"c": "x"}]}, "n d": true}'

        # When $input.json evaluates the path
        literal = f'"{path}"' if "'" in path else f"'{path}'"  # a VTL string literal holding the path
        rendered = render_template(f"$input.json({literal})", body=body, context=CONTEXT, params={})

        # Then it returns compact JSON, or "" when nothing is there
        assert rendered == expected

    def test_util_functions(self) -> None:
        # Given the $util functions API Gateway documents
        template = (
            "$util.urlEncode('a b&c=d/é~*')|$util.urlDecode('a+b%26c')|$util.base64Encode('héllo')|"
            "$util.base64Decode('aMOpbGxv')|"
            '#set($o = $util.parseJson(\'{"k": [1, {"z": 2.5}]}\'))$o.k[1].z|$o'
        )

        # When it renders
        rendered = render_template(template, body="", context=CONTEXT, params={})

        # Then each behaves like its Java counterpart (URLEncoder, Base64 over UTF-8, Java toString)
        assert rendered == 'a+b%26c%3Dd%2F%C3%A9%7E*|a b&c|aMOpbGxv|héllo|2.5|{k=[1,{"z":2.5}]}'

    def test_a_hash_right_before_a_reference_is_literal_text_as_in_velocity(self) -> None:
        # Given keys built as "<PREFIX>#<value>" (airspeed alone would print "#$context.requestId" verbatim)
        template = "ORDER#$context.requestId|CUSTOMER#${context.stage}|##a comment\n#if(true)ok#end"

        # When it renders
        rendered = render_template(template, body="", context=CONTEXT, params={})

        # Then the "#" stays and the reference is rendered; directives and comments still work
        assert rendered == f"ORDER#{CONTEXT['requestId']}|CUSTOMER#local|ok"

    def test_a_broken_template_raises_a_rendering_error(self) -> None:
        with pytest.raises(TemplateRenderingError):
            render_template("#if($x)never closed", body="", context=CONTEXT, params={})


class TestOrderModelValidation:
    def test_a_valid_order_passes(self) -> None:
        assert validate_request_body(ORDER_MODEL, _create_order_body("cust-1")) is None

    def test_missing_customer_id(self) -> None:
        # Given an order without customerId
        body = json.dumps({"items": [{"sku": "SKU-1", "quantity": 1}]})

        # When API Gateway validates it against the model
        violation = check_request_body(ORDER_MODEL, body)

        # Then the client is told "Invalid request body" and the violation reads as on AWS
        assert violation is not None
        assert violation.message == INVALID_REQUEST_BODY_MESSAGE == "Invalid request body"
        assert violation.validation_error_string == '[object has missing required properties (["customerId"])]'
        assert validate_request_body(ORDER_MODEL, body) == violation.validation_error_string

    @pytest.mark.parametrize("body", ["", "{}"], ids=["empty-body", "empty-object"])
    def test_missing_everything_lists_the_missing_properties_sorted(self, body: str) -> None:
        assert validate_request_body(ORDER_MODEL, body) == (
            '[object has missing required properties (["customerId","items"])]'
        )

    def test_a_trailing_newline_does_not_satisfy_an_anchored_pattern(self) -> None:
        # Given a SKU that matches the model's pattern but for a final newline (ECMA 262's $ is the end of input;
        # Python's also matches before a final newline)
        schema = json.loads((REPO_ROOT / "terraform/modules/orders/order_request.schema.json").read_text())
        body = _create_order_body("cust-1", [{"sku": "SKU-1\n", "quantity": 1}])
        assert validate_request_body(schema, _create_order_body("cust-1", [{"sku": "SKU-1", "quantity": 1}])) is None

        # When validated against the orders API's model
        message = validate_request_body(schema, body)

        # Then it is refused on the pattern, as API Gateway does, instead of reaching the mapping template
        assert message is not None and "ECMA 262 regex" in message, message

    @pytest.mark.parametrize(
        ("pattern", "python"),
        [(r"^[A-Z]+$", r"^[A-Z]+\Z"), (r"^a[$]b\$$", r"^a[$]b\$\Z"), (r"^x$|^y$", r"^x\Z|^y\Z")],
    )
    def test_ecma_end_anchor_becomes_the_end_of_input(self, pattern: str, python: str) -> None:
        assert ecma_regex(pattern).pattern == python

    def test_negative_quantity(self) -> None:
        # Given an order line with a negative quantity
        body = _create_order_body("cust-1", [{"sku": "SKU-1", "quantity": -3}])

        # When validated
        message = validate_request_body(ORDER_MODEL, body)

        # Then the minimum violation is reported with the schema's bound and the value found
        assert message == "[numeric instance is lower than the required minimum (minimum: 1, found: -3)]"

    @pytest.mark.parametrize(
        ("body", "expected"),
        [
            pytest.param(
                json.dumps({"customerId": 42, "items": [{"sku": "S", "quantity": 1}]}),
                '[instance type (integer) does not match any allowed primitive type (allowed: ["string"])]',
                id="customerId-number",
            ),
            pytest.param(
                _create_order_body("c", [{"sku": "S", "quantity": "2"}]),
                '[instance type (string) does not match any allowed primitive type (allowed: ["integer"])]',
                id="quantity-string",
            ),
            pytest.param(
                _create_order_body("c", [{"sku": "S", "quantity": 1.5}]),
                '[instance type (number) does not match any allowed primitive type (allowed: ["integer"])]',
                id="quantity-decimal",
            ),
            pytest.param(
                json.dumps({"customerId": "c", "items": {"sku": "S"}}),
                '[instance type (object) does not match any allowed primitive type (allowed: ["array"])]',
                id="items-object",
            ),
            pytest.param(
                "[]",
                '[instance type (array) does not match any allowed primitive type (allowed: ["object"])]',
                id="body-array",
            ),
        ],
    )
    def test_wrong_types(self, body: str, expected: str) -> None:
        assert validate_request_body(ORDER_MODEL, body) == expected

    def test_quantity_injection_is_rejected_before_the_unescaped_template_sees_it(self) -> None:
        # Given a quantity crafted to break out of "N": "$it.quantity" (that value is not escaped)
        body = _create_order_body("c", [{"sku": "S", "quantity": '1"}}, "admin": {"BOOL": true}, "x": {"N": "1'}])

        # When validated
        message = validate_request_body(ORDER_MODEL, body)

        # Then the model's integer type stops it: the request never reaches the template
        assert message == ('[instance type (string) does not match any allowed primitive type (allowed: ["integer"])]')

    def test_empty_values_report_every_failing_sibling(self) -> None:
        assert validate_request_body(ORDER_MODEL, json.dumps({"customerId": "", "items": []})) == (
            '[string "" is too short (length: 0, required minimum: 1), '
            "array is too short: must have at least 1 elements but instance has 0 elements]"
        )

    def test_an_error_at_one_level_stops_the_descent_like_aws(self) -> None:
        # Given an order missing customerId whose line is also broken
        body = json.dumps({"items": [{"sku": 1, "quantity": -1}]})

        # When validated
        message = validate_request_body(ORDER_MODEL, body)

        # Then only the top-level violation is reported (fge stops descending once a level failed)
        assert message == '[object has missing required properties (["customerId"])]'

    def test_a_body_that_is_not_json_is_an_invalid_request_body(self) -> None:
        violation = check_request_body(ORDER_MODEL, "customerId=c")
        assert violation is not None and violation.message == "Invalid request body"

    def test_an_invalid_model_is_a_configuration_error(self) -> None:
        with pytest.raises(ValueError, match="invalid draft-04 model schema"):
            validate_request_body({"type": "objekt"}, "{}")


class TestOtherValidatorWording:
    """Remaining fge keywords; AWS-observed wording where public API Gateway tests show it."""

    @pytest.mark.parametrize(
        ("schema", "body", "expected"),
        [
            pytest.param(
                {"properties": {"amount": {"type": "number"}}},
                '{"amount": "100"}',
                '[instance type (string) does not match any allowed primitive type (allowed: ["integer","number"])]',
                id="number-allows-integer",
            ),
            pytest.param(
                {"properties": {"state": {"enum": ["CREATED", "SENT"]}}},
                '{"state": "INVALID"}',
                '[instance value ("INVALID") not found in enum (possible values: ["CREATED","SENT"])]',
                id="enum",
            ),
            pytest.param(
                {"properties": {"method": {"oneOf": [{"enum": ["CARD"]}, {"enum": ["IBAN"]}]}}},
                '{"method": "CASH"}',
                "[instance failed to match exactly one schema (matched 0 out of 2)]",
                id="oneOf",
            ),
            pytest.param(
                {"properties": {"a": {}}, "additionalProperties": False},
                '{"z": 1, "b": 2, "a": 3}',
                '[object instance has properties which are not allowed by the schema: ["b","z"]]',
                id="additionalProperties",
            ),
            pytest.param(
                {"properties": {"ts": {"type": "integer", "minimum": 315529200000}}},
                '{"ts": 1}',
                "[numeric instance is lower than the required minimum (minimum: 315529200000, found: 1)]",
                id="minimum-big",
            ),
            pytest.param(
                {"properties": {"p": {"type": "number", "maximum": 10.5, "exclusiveMaximum": True}}},
                '{"p": 10.50}',
                "[numeric instance is not strictly lower than the required maximum 10.5]",
                id="exclusiveMaximum",
            ),
            pytest.param(
                {"properties": {"p": {"multipleOf": 0.01}}},
                '{"p": 1.005}',
                "[remainder of division is not zero (1.005 / 0.01)]",
                id="multipleOf-decimal-exact",
            ),
            pytest.param(
                {"properties": {"code": {"type": "string", "pattern": "^[A-Z]{2}$", "maxLength": 2}}},
                '{"code": "abc"}',
                '[string "abc" is too long (length: 3, maximum allowed: 2), '
                'ECMA 262 regex "^[A-Z]{2}$" does not match input string "abc"]',
                id="maxLength-then-pattern",
            ),
            pytest.param(
                {"dependencies": {"card": ["cvc"]}},
                '{"card": "4111"}',
                '[property "card" of object has missing property dependencies '
                '(schema requires ["cvc"]; missing: ["cvc"])]',
                id="dependencies",
            ),
            pytest.param(
                {
                    "definitions": {"sku": {"type": "string"}},
                    "properties": {"s": {"$ref": "#/definitions/sku"}},
                },
                '{"s": 1}',
                '[instance type (integer) does not match any allowed primitive type (allowed: ["string"])]',
                id="local-ref",
            ),
            pytest.param(
                {"type": "array", "uniqueItems": True, "maxItems": 2},
                "[1, 1.0, 2]",
                "[array is too long: must have at most 2 elements but instance has 3 elements, "
                "array must not contain duplicate elements]",
                id="maxItems-then-uniqueItems",
            ),
        ],
    )
    def test_messages(self, schema: dict[str, Any], body: str, expected: str) -> None:
        assert validate_request_body(schema, body) == expected

    def test_model_references_resolve_through_models(self) -> None:
        # Given an Order model that references a Line model by its API Gateway URL
        line = {"type": "object", "required": ["sku"]}
        order = {
            "type": "array",
            "items": {"$ref": "https://apigateway.amazonaws.com/restapis/a1b2c3d4e5/models/Line"},
        }

        # When a line misses its sku
        message = validate_request_body(order, '[{"quantity": 1}]', models={"Line": line})

        # Then the referenced model applies
        assert message == '[object has missing required properties (["sku"])]'


class TestRequiredParameters:
    REQUIRED = {
        "method.request.path.orderId": True,
        "method.request.querystring.customerId": True,
        "method.request.header.X-Correlation-Id": True,
        "method.request.querystring.verbose": False,
    }

    def test_all_present(self) -> None:
        params = {
            "path": {"orderId": "o1"},
            "querystring": {"customerId": "c"},
            "header": {"x-correlation-id": "1"},
        }
        assert validate_required_parameters(self.REQUIRED, params) is None

    def test_missing_ones_are_listed_like_aws(self) -> None:
        params = {"path": {"orderId": "o1"}, "querystring": {"verbose": "1"}, "header": {}}
        assert validate_required_parameters(self.REQUIRED, params) == (
            "Missing required request parameters: [X-Correlation-Id, customerId]"
        )


class TestGetOrderRequestTemplate:
    """terraform/modules/orders/orders_get.request.vtl as the module renders it (templatefile: table_name)."""

    TEMPLATE = (
        (REPO_ROOT / "terraform/modules/orders/orders_get.request.vtl")
        .read_text()
        .replace("${table_name}", ORDERS_TABLE)
    )

    @pytest.mark.parametrize("order_id", ["3f1c-uuid", "a'b", 'a"b', "a\\b", "$context.requestId", "é"])
    def test_any_id_renders_a_get_item_request_for_exactly_that_key(self, order_id: str) -> None:
        # Given GET /orders/{id} with an odd id (an apostrophe broke the JSON before: a 500 instead of a 404)
        params = {"path": {"id": order_id}, "querystring": {}, "header": {}}
        # When the integration request template renders
        rendered = render_template(self.TEMPLATE, body="", context=ORDER_CONTEXT, params=params)
        # Then DynamoDB gets valid JSON naming that very key
        request = json.loads(rendered)
        assert request["TableName"] == ORDERS_TABLE
        assert request["Key"] == {"pk": {"S": f"ORDER#{order_id}"}, "sk": {"S": "ORDER"}}
