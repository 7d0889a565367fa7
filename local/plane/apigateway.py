"""API Gateway REST APIs served on local HTTP ports, from their definitions in the emulator.

    http://127.0.0.1:<port>/<stage>/<resource path>

For each request: match the resource and method, run the method's request validator against its model (a 400
with the validator's reason, rendered through the API's BAD_REQUEST_BODY gateway response, and nothing reaches
the backend), render the integration's request template (VTL, local.apigw_templates), call the AWS service
integration (signed JSON request to the emulator, e.g. DynamoDB PutItem), pick the integration response by
selection pattern on the backend status, render its response template and apply response overrides.
AWS_PROXY (Lambda) integrations invoke the local function with the proxy event.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from local.apigw_templates import render_mapping_template, validate_request_body
from local.plane.lambda_runtime import LocalFunction

log = logging.getLogger("plane.apigw")

JSON_TARGET_PREFIX = {"dynamodb": "DynamoDB_20120810", "sqs": "AmazonSQS", "events": "AWSEvents"}
JSON_CONTENT_TYPE = {
    "dynamodb": "application/x-amz-json-1.0",
    "sqs": "application/x-amz-json-1.0",
    "events": "application/x-amz-json-1.1",
}


@dataclass
class Method:
    http_method: str
    validate_body: bool
    model_schema: dict[str, Any] | None
    integration: dict[str, Any]


@dataclass
class Resource:
    path: str
    pattern: re.Pattern[str]
    methods: dict[str, Method] = field(default_factory=dict)


@dataclass
class RestApi:
    api_id: str
    name: str
    stage: str
    stage_variables: dict[str, str]
    resources: list[Resource]
    gateway_responses: dict[str, dict[str, Any]]
    functions: dict[str, LocalFunction]


def _path_pattern(path: str) -> re.Pattern[str]:
    regex = re.sub(r"\{(\w+)\+\}", r"(?P<\1>.+)", path)
    regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", regex)
    return re.compile(f"^{regex}$")


def load_apis(clients: Any, region: str, functions: dict[str, LocalFunction]) -> list[RestApi]:
    apigw = clients("apigateway")
    apis = []
    for item in apigw.get_rest_apis().get("items", []):
        api_id = item["id"]
        stages = apigw.get_stages(restApiId=api_id).get("item", [])
        if not stages:
            continue
        stage = stages[0]
        models = {
            m["name"]: json.loads(m["schema"])
            for m in apigw.get_models(restApiId=api_id).get("items", [])
            if m.get("schema")
        }
        validators = {v["id"]: v for v in apigw.get_request_validators(restApiId=api_id).get("items", [])}
        resources = []
        for res in apigw.get_resources(restApiId=api_id, limit=500).get("items", []):
            resource = Resource(res["path"], _path_pattern(res["path"]))
            for verb in res.get("resourceMethods", {}) or {}:
                method = apigw.get_method(restApiId=api_id, resourceId=res["id"], httpMethod=verb)
                validator = validators.get(method.get("requestValidatorId") or "", {})
                model_name = (method.get("requestModels") or {}).get("application/json")
                resource.methods[verb] = Method(
                    http_method=verb,
                    validate_body=bool(validator.get("validateRequestBody")),
                    model_schema=models.get(model_name) if model_name else None,
                    integration=method.get("methodIntegration") or {},
                )
            resources.append(resource)
        try:
            responses = apigw.get_gateway_responses(restApiId=api_id).get("items", [])
        except Exception:  # an emulator without gateway responses: AWS's defaults apply
            responses = []
        apis.append(
            RestApi(
                api_id=api_id,
                name=item["name"],
                stage=stage["stageName"],
                stage_variables=stage.get("variables") or {},
                resources=resources,
                gateway_responses={r["responseType"]: r for r in responses},
                functions=functions,
            )
        )
    return apis


class ApiServer:
    def __init__(self, api: RestApi, endpoint: str, region: str, port: int = 0) -> None:
        self.api = api
        self.endpoint = endpoint
        self.region = region
        host = "127.0.0.1"
        self._server = ThreadingHTTPServer((host, port), _Handler)
        self._server.daemon_threads = True
        self._server.api_server = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True, name=f"api-{api.name}")
        bound = self._server.server_address[1]  # the port the OS chose when port is 0
        self.url = f"http://{host}:{bound}/{api.stage}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- request handling ------------------------------------------------------------------------------
    def handle(
        self, verb: str, raw_path: str, headers: dict[str, str], body: str, source_ip: str
    ) -> tuple[int, dict[str, str], str]:
        split = urlsplit(raw_path)
        query = dict(parse_qsl(split.query))
        prefix = f"/{self.api.stage}"
        path = split.path[len(prefix) :] if split.path.startswith(prefix) else None
        request_id = str(uuid.uuid4())
        now = time.time()
        context: dict[str, Any] = {
            "requestId": request_id,
            "extendedRequestId": request_id,
            "httpMethod": verb,
            "stage": self.api.stage,
            "apiId": self.api.api_id,
            "path": split.path,
            "requestTime": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "requestTimeEpoch": int(now * 1000),
            "identity": {"sourceIp": source_ip, "userAgent": headers.get("User-Agent", "")},
            "error": {},
        }
        if path is None or path == "":
            path = "/" if path == "" else None
        match = None
        resource = None
        for candidate in self.api.resources:
            if path is not None and (m := candidate.pattern.match(path)):
                resource, match = candidate, m
                break
        if resource is None or match is None:
            return self._gateway_response("MISSING_AUTHENTICATION_TOKEN", 403, "Missing Authentication Token", context)
        method = resource.methods.get(verb) or resource.methods.get("ANY")
        if method is None:
            return self._gateway_response("MISSING_AUTHENTICATION_TOKEN", 403, "Missing Authentication Token", context)
        context["resourcePath"] = resource.path
        # API Gateway hands path parameters to templates URL-decoded
        params = {
            "path": {k: unquote(v) for k, v in match.groupdict().items()},
            "querystring": query,
            "header": headers,
        }
        # The model and the integration template are chosen by the request's content type (absent: JSON)
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "application/json")
        content_type = content_type.split(";", 1)[0].strip().lower() or "application/json"
        context["contentType"] = content_type
        if method.validate_body and method.model_schema is not None and content_type == "application/json":
            reason = validate_request_body(method.model_schema, body)
            if reason is not None:
                context["error"] = {"validationErrorString": reason}
                return self._gateway_response("BAD_REQUEST_BODY", 400, "Invalid request body", context)
        integration = method.integration
        kind = integration.get("type")
        if kind == "AWS":
            return self._aws_integration(integration, body, context, params)
        if kind == "AWS_PROXY":
            return self._lambda_proxy(integration, verb, split.path, resource, params, body, context)
        if kind == "MOCK":
            return self._mock_integration(integration, body, context, params)
        return (
            500,
            {"Content-Type": "application/json"},
            json.dumps({"message": f"integration {kind} not supported locally"}),
        )

    def _render(
        self, template: str, body: str, context: dict[str, Any], params: dict[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        result = render_mapping_template(
            template, body=body, context=context, params=params, stage_variables=self.api.stage_variables
        )
        return result.body, {"status": result.status_override, "headers": result.header_overrides}

    def _aws_integration(
        self, integration: dict[str, Any], body: str, context: dict[str, Any], params: dict[str, Any]
    ) -> tuple[int, dict[str, str], str]:
        uri = integration["uri"]  # arn:aws:apigateway:{region}:{service}:action/{Action}
        m = re.match(r"arn:aws:apigateway:[^:]+:([^:]+):action/(\w+)", uri)
        if not m:
            return 500, {}, json.dumps({"message": f"unsupported integration uri {uri}"})
        service, action = m.groups()
        templates = integration.get("requestTemplates") or {}
        template = templates.get(context["contentType"])
        passthrough = integration.get("passthroughBehavior", "WHEN_NO_MATCH")
        if template is None and (passthrough == "NEVER" or (passthrough == "WHEN_NO_TEMPLATES" and templates)):
            return 415, {"Content-Type": "application/json"}, json.dumps({"message": "Unsupported Media Type"})
        payload = self._render(template, body, context, params)[0] if template else body
        status, backend_body = self._call_service(service, action, payload)
        return self._integration_response(integration, status, backend_body, context, params)

    def _mock_integration(
        self, integration: dict[str, Any], body: str, context: dict[str, Any], params: dict[str, Any]
    ) -> tuple[int, dict[str, str], str]:
        return self._integration_response(integration, 200, body, context, params)

    def _integration_response(
        self,
        integration: dict[str, Any],
        status: int,
        backend_body: str,
        context: dict[str, Any],
        params: dict[str, Any],
    ) -> tuple[int, dict[str, str], str]:
        responses = integration.get("integrationResponses") or {}
        chosen = None
        for response in responses.values():
            pattern = response.get("selectionPattern")
            if pattern and re.fullmatch(pattern, str(status)):
                chosen = response
                break
        if chosen is None:
            chosen = next((r for r in responses.values() if not r.get("selectionPattern")), None)
        if chosen is None:
            return 500, {"Content-Type": "application/json"}, json.dumps({"message": "Internal server error"})
        out_status = int(chosen["statusCode"])
        template = (chosen.get("responseTemplates") or {}).get("application/json")
        out_body = backend_body
        if template:
            out_body, overrides = self._render(template, backend_body, context, params)
            if overrides.get("status"):
                out_status = int(overrides["status"])
        headers = {"Content-Type": "application/json", "x-amzn-RequestId": context["requestId"]}
        if template:
            headers.update(overrides.get("headers") or {})
        return out_status, headers, out_body

    def _call_service(self, service: str, action: str, payload: str) -> tuple[int, str]:
        url = self.endpoint + "/"
        headers = {
            "Content-Type": JSON_CONTENT_TYPE.get(service, "application/x-amz-json-1.0"),
            "X-Amz-Target": f"{JSON_TARGET_PREFIX.get(service, service)}.{action}",
        }
        request = AWSRequest(method="POST", url=url, data=payload.encode(), headers=headers)
        SigV4Auth(Credentials("test", "test"), service, self.region).add_auth(request)
        prepared = urllib.request.Request(
            url, data=payload.encode(), headers=dict(request.headers.items()), method="POST"
        )
        try:
            with urllib.request.urlopen(prepared, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def _lambda_proxy(
        self,
        integration: dict[str, Any],
        verb: str,
        path: str,
        resource: Resource,
        params: dict[str, Any],
        body: str,
        context: dict[str, Any],
    ) -> tuple[int, dict[str, str], str]:
        m = re.search(r"function:([^/:]+)", integration.get("uri", ""))
        function = self.api.functions.get(m.group(1)) if m else None
        if function is None:
            return 502, {}, json.dumps({"message": "Internal server error"})
        event = {
            "resource": resource.path,
            "path": path[len(self.api.stage) + 1 :],
            "httpMethod": verb,
            "headers": params["header"],
            "queryStringParameters": params["querystring"] or None,
            "pathParameters": params["path"] or None,
            "stageVariables": self.api.stage_variables or None,
            "requestContext": {**context, "resourcePath": resource.path},
            "body": body or None,
            "isBase64Encoded": False,
        }
        try:
            result = function.invoke(event)
        except Exception:
            return 502, {"Content-Type": "application/json"}, json.dumps({"message": "Internal server error"})
        return int(result.get("statusCode", 200)), dict(result.get("headers") or {}), result.get("body") or ""

    def _gateway_response(
        self, kind: str, status: int, message: str, context: dict[str, Any]
    ) -> tuple[int, dict[str, str], str]:
        """An API Gateway-generated error, through the API's gateway response for `kind` when it has one.

        Gateway response templates are plain variable substitution ($context.*, $stageVariables.*), not VTL.
        `messageString` is the quoted message; `validationErrorString` is substituted JSON-string-escaped (an
        assumption: the validator's messages contain double quotes, which would otherwise break the JSON).
        """
        error = {
            **context.get("error", {}),
            "message": message,
            "messageString": json.dumps(message),
            "responseType": kind,
        }
        context = {**context, "error": error}
        headers = {"Content-Type": "application/json", "x-amzn-ErrorType": kind}
        configured = self.api.gateway_responses.get(kind)
        template = ((configured or {}).get("responseTemplates") or {}).get("application/json")
        if not template:
            return status, headers, json.dumps({"message": message})

        def substitute(match: re.Match[str]) -> str:
            root, path = match.group(1), match.group(2).split(".")
            value: Any = context if root == "context" else self.api.stage_variables
            for part in path:
                value = value.get(part) if isinstance(value, dict) else None
            if value is None:
                return ""
            if path == ["error", "validationErrorString"]:
                return json.dumps(str(value))[1:-1]
            return str(value)

        body = re.sub(r"\$(context|stageVariables)\.([A-Za-z0-9_.]+[A-Za-z0-9_])", substitute, template)
        return int((configured or {}).get("statusCode") or status), headers, body


#: API Gateway's payload limit for REST APIs.
MAX_PAYLOAD_BYTES = 10 * 1024 * 1024


def _refusal(status: int, message: str) -> tuple[int, dict[str, str], str]:
    return status, {"Content-Type": "application/json"}, json.dumps({"message": message})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _read_body(self) -> tuple[str, tuple[int, dict[str, str], str] | None]:
        """The request body, or the answer API Gateway gives a request it cannot take (and close after it)."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
            return "", _refusal(411, "Length Required: chunked request bodies are not supported locally")
        raw_length = self.headers.get("Content-Length") or "0"
        if not raw_length.isdigit():
            self.close_connection = True
            return "", _refusal(400, f"Bad Request: Content-Length {raw_length!r} is not a byte count")
        length = int(raw_length)
        if length > MAX_PAYLOAD_BYTES:
            self.close_connection = True
            return "", _refusal(413, "Request Too Long")
        data = self.rfile.read(length) if length else b""
        try:
            return data.decode(), None
        except UnicodeDecodeError:
            return "", _refusal(400, "Bad Request: the body is not valid UTF-8")

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _serve(self) -> None:
        api: ApiServer = self.server.api_server  # type: ignore[attr-defined]
        try:
            body, refusal = self._read_body()
            if refusal is not None:
                status, headers, text = refusal
            else:
                status, headers, text = api.handle(
                    self.command, self.path, dict(self.headers.items()), body, self.client_address[0]
                )
        except Exception:
            log.exception("request failed")
            status, headers, text = (
                500,
                {"Content-Type": "application/json"},
                json.dumps({"message": "Internal server error"}),
            )
        data = text.encode()
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve  # noqa: N815
