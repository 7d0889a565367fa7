"""API Gateway (REST v1) mapping templates and request validation, the way AWS runs them.

Why this exists
---------------
moto emulates the API Gateway *control plane* (RestApi, Resource, Method, Integration, Model,
RequestValidator ...) but has no data plane for non-proxy integrations: it never renders a
Velocity (VTL) mapping template and never validates a request against a model.  The local event
plane serves our REST APIs on a local HTTP port and needs both, so that a request template that
builds a DynamoDB ``PutItem`` from the body, or a response template that sets
``$context.responseOverride.status``, behaves locally as it does on AWS.  This module is that
piece; it is pure Python (airspeed-ext for Velocity, jsonschema for draft-04 checks), has no moto
import, and knows nothing about HTTP.

Mapping templates (``render_template`` / ``render_mapping_template``)
----------------------------------------------------------------------
Variables, as API Gateway provides them:

* ``$input.body`` -- the raw payload; an empty payload reads as ``{}`` (AWS, application/json).
* ``$input.json(path)`` -- JSON text of the value at a JSONPath; a missing value gives ``""``.
* ``$input.path(path)`` -- the value itself: a map renders Java-style ``{k=v, ...}``, a list renders
  as compact JSON (``[{"foo":"bar"}]``), exactly as AWS prints them.
* ``$input.params()`` -- ``{path, querystring, header}`` maps; ``$input.params(name)`` searches
  path, then querystring, then header (header names case-insensitively).
* ``$util.escapeJavaScript / parseJson / urlEncode / urlDecode / base64Encode / base64Decode``.
* ``$context`` (whatever the caller passes: requestId, httpMethod, resourcePath, stage,
  requestTime, requestTimeEpoch, identity.sourceIp, ...), with ``$context.requestOverride``
  (header/path/querystring) and ``$context.responseOverride`` (status/header) writable via
  ``#set``; the overrides come back in :class:`RenderedTemplate`.
* ``$stageVariables``.

JSONPath: ``$``, ``$.a.b``, ``$.a[0]``, ``$.a[-1]``, ``$['a']``, ``$["a"]`` and ``*`` wildcards are
evaluated here; anything else (``..``, filters, slices) goes to jsonpath-ng.  A path without a
leading ``$`` is read as ``$.<path>`` (as Jayway JsonPath does).

AWS-parity details (from the AWS-validated corpus): a null/undefined reference renders as the empty
string and compares equal to ``""`` and to ``$null``; an unknown property of a string is null.  To get
that, importing this module wraps ``airspeed.operators.VariableExpression.calculate`` -- the wrapper
only acts while *this* module renders (a ``ContextVar`` guards it), so other airspeed users are not
affected -- and adds a few Java ``String`` methods airspeed lacks (``toLowerCase``, ``trim``,
``equals``, ...) to airspeed's method table for ``str`` (additive only).  Our templates are also parsed
so that ``#`` directly before a reference is a literal ``#`` (``"ORDER#$context.requestId"``), as in
Velocity; stock airspeed would print ``#$context.requestId`` verbatim.

``$util.escapeJavaScript`` is Apache Commons ``StringEscapeUtils.escapeJavaScript``, as the AWS
reference documents: ``"`` ``\\`` ``/`` and control characters are escaped JSON-compatibly and
non-ASCII becomes ``\\uXXXX`` -- but ``'`` becomes ``\\'``, which is **not** valid JSON.  Templates
that put user text in a JSON string must use ``.replaceAll("\\\\'", "'")`` as the AWS docs advise.

Request validation (``validate_request_body`` / ``check_request_body``)
-----------------------------------------------------------------------
API Gateway's validator speaks the wording of the java json-schema-validator (fge) for draft-04 models;
this module reproduces its messages (``object has missing required properties (["customerId"])``,
``instance type (integer) does not match any allowed primitive type (allowed: ["string"])``, ...)
and its traversal: keywords of one schema level in alphabetical order, children in sorted
property-name / index order, and no descent below a level once any error has been reported.
jsonschema's ``Draft4Validator`` does the keyword checks.  ``format`` is not enforced.  Local
``$ref`` (``#/definitions/...``) and model references (``.../models/<Name>``, given ``models=``) are
resolved.  The client sees ``{"message": "Invalid request body"}``; the ``[...]`` list is what AWS
exposes as ``$context.error.validationErrorString``.  ``validate_required_parameters`` gives the
``Missing required request parameters: [...]`` message for required path/querystring/header params.
"""

from __future__ import annotations

import base64
import contextvars
import copy
import functools
import json
import math
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any
from urllib.parse import quote_plus, unquote_plus

import airspeed
import airspeed.operators as _vtl_ops
from jsonschema import Draft4Validator, validators
from jsonschema.exceptions import SchemaError, ValidationError

__all__ = [
    "INVALID_REQUEST_BODY_MESSAGE",
    "RenderedTemplate",
    "RequestBodyViolation",
    "TemplateRenderingError",
    "check_request_body",
    "render_mapping_template",
    "render_template",
    "validate_request_body",
    "validate_required_parameters",
]


@cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """A JSON-Schema `pattern` (ECMA 262) as a Python regex: an unescaped `$` outside a class is the end of the
    input, as in ECMA 262 (Python's `$` also matches before a final newline, so "SKU-1\\n" passed locally
    while API Gateway refuses it)."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = r"\Z"
        out.append(char)
        i += 1
    return re.compile("".join(out))


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Any:
    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


#: Draft-04 with ECMA 262 `pattern` semantics (the keyword checks behind the validator's messages).
_Draft4Ecma = validators.extend(Draft4Validator, {"pattern": _ecma_pattern})

INVALID_REQUEST_BODY_MESSAGE = "Invalid request body"
"""``$context.error.message`` (and the default gateway-response body message) for BAD_REQUEST_BODY."""


class TemplateRenderingError(Exception):
    """The template does not parse or fails while rendering (AWS answers 500 Internal server error)."""


# ---------------------------------------------------------------------------------------------------
# Java-flavoured values: how AWS's Velocity prints maps, lists and doubles
# ---------------------------------------------------------------------------------------------------


def _java_double_str(value: float) -> str:
    """``Double.toString``: ``1.5``, ``100.0``, ``1.0E7``, ``1.0E-4``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    if 1e-3 <= abs(value) < 1e7:
        return repr(float(value))
    sign, digits, exponent = Decimal(repr(float(value))).as_tuple()
    text = "".join(map(str, digits)).rstrip("0") or "0"
    power = len(digits) + int(exponent) - 1
    return f"{'-' if sign else ''}{text[0]}.{text[1:] or '0'}E{power}"


class _JavaDouble(float):
    """A JSON decimal number; prints like a Java ``Double``."""

    def __str__(self) -> str:
        return _java_double_str(self)


def _java_str(value: Any) -> str:
    """Java ``toString`` of a template value (nested inside a map, or passed to ``$util``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _java_double_str(value)
    if isinstance(value, dict) and not isinstance(value, _VtlMap):
        return _VtlMap._render(value)
    if isinstance(value, list) and not isinstance(value, _VtlList):
        return _VtlList._render(value)
    return str(value)


class _VtlMap(dict):
    """A JSON object / context map: ``$map.key`` lookups, Java ``Map`` methods, ``{k=v}`` printing."""

    @staticmethod
    def _render(mapping: Mapping[Any, Any]) -> str:
        return "{" + ", ".join(f"{_java_str(k)}={_java_str(v)}" for k, v in mapping.items()) + "}"

    def __str__(self) -> str:
        return self._render(self)

    # Java java.util.Map methods used in templates (dict already has get/keys/values/items).
    def toString(self) -> str:
        return str(self)

    def size(self) -> int:
        return len(self)

    def isEmpty(self) -> bool:
        return not self

    def containsKey(self, key: Any) -> bool:
        return key in self

    def containsValue(self, value: Any) -> bool:
        return value in self.values()

    def keySet(self) -> list[Any]:
        return _VtlList(self.keys())

    def entrySet(self) -> list[Any]:
        return _VtlList(_VtlMap(key=k, value=v) for k, v in self.items())

    def put(self, key: Any, value: Any) -> Any:
        previous = self.get(key)
        self[key] = value
        return previous

    def putAll(self, other: Mapping[Any, Any]) -> None:
        self.update(other)

    def remove(self, key: Any) -> Any:
        return self.pop(key, None)


class _VtlList(list):
    """A JSON array: Java ``List`` methods, prints as compact JSON (as AWS does)."""

    @staticmethod
    def _render(items: list[Any]) -> str:
        return json.dumps(items, separators=(",", ":"), ensure_ascii=False, default=_java_str)

    def __str__(self) -> str:
        return self._render(self)

    def toString(self) -> str:
        return str(self)

    def size(self) -> int:
        return len(self)

    def isEmpty(self) -> bool:
        return not self

    def contains(self, value: Any) -> bool:
        return value in self

    def get(self, index: int) -> Any:
        return self[index]

    def add(self, value: Any) -> bool:
        self.append(value)
        return True

    def set(self, index: int, value: Any) -> Any:
        previous = self[index]
        self[index] = value
        return previous


def _to_vtl(value: Any) -> Any:
    """Deep-convert plain JSON-ish Python data into template values."""
    if isinstance(value, Mapping):
        return _VtlMap((k, _to_vtl(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return _VtlList(_to_vtl(v) for v in value)
    if isinstance(value, float) and not isinstance(value, _JavaDouble):
        return _JavaDouble(value)
    return value


def _to_plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_to_plain(v) for v in value]
    if isinstance(value, _JavaDouble):
        return float(value)
    return value


# ---------------------------------------------------------------------------------------------------
# airspeed hooks (active only while this module renders)
# ---------------------------------------------------------------------------------------------------

_RENDERING: contextvars.ContextVar[bool] = contextvars.ContextVar("apigw_vtl_rendering", default=False)


def _install_airspeed_hooks() -> None:
    expression_cls = _vtl_ops.VariableExpression
    if not getattr(expression_cls.calculate, "_apigw_null_is_empty", False):
        original = expression_cls.calculate

        def calculate(self: Any, namespace: Any, loader: Any, global_namespace: Any = None) -> Any:
            value = original(self, namespace, loader, global_namespace)
            # AWS: a null reference is "" -- it renders empty and compares equal to "" and to $null.
            if value is None and _RENDERING.get():
                return ""
            return value

        calculate._apigw_null_is_empty = True  # type: ignore[attr-defined]
        expression_cls.calculate = calculate

    string_methods: dict[str, Callable[..., Any]] = {
        "toString": lambda s: s,
        "toLowerCase": lambda s: s.lower(),
        "toUpperCase": lambda s: s.upper(),
        "trim": lambda s: s.strip(" \t\n\r\x0b\f\x00"),
        "equals": lambda s, other: isinstance(other, str) and s == other,
        "equalsIgnoreCase": lambda s, other: isinstance(other, str) and s.lower() == other.lower(),
        "isEmpty": lambda s: not s,
        "endsWith": lambda s, suffix: s.endswith(suffix),
        "lastIndexOf": lambda s, sub: s.rfind(sub),
        "charAt": lambda s, index: s[index],
        "concat": lambda s, other: s + other,
    }
    table = _vtl_ops.__additional_methods__.setdefault(str, {})
    for name, method in string_methods.items():
        table.setdefault(name, method)


_install_airspeed_hooks()


# ---------------------------------------------------------------------------------------------------
# JSONPath
# ---------------------------------------------------------------------------------------------------

_MISSING = object()

_JSONPATH_SEGMENT = re.compile(
    r"""
      \.(?P<name>[^.\[\]'"]+)
    | \[\s*(?P<index>-?\d+)\s*\]
    | \[\s*'(?P<single>(?:[^'\\]|\\.)*)'\s*\]
    | \[\s*"(?P<double>(?:[^"\\]|\\.)*)"\s*\]
    | \[\s*(?P<star>\*)\s*\]
    """,
    re.VERBOSE,
)


def _parse_simple_jsonpath(path: str) -> list[str | int] | None:
    """Segments of a simple path (``"*"`` = wildcard), or None when the path needs a full evaluator."""
    segments: list[str | int] = []
    position = 1  # after "$"
    while position < len(path):
        match = _JSONPATH_SEGMENT.match(path, position)
        if match is None:
            return None
        if match["name"] is not None:
            segments.append(match["name"].strip())
        elif match["index"] is not None:
            segments.append(int(match["index"]))
        elif match["single"] is not None or match["double"] is not None:
            quoted = match["single"] if match["single"] is not None else match["double"]
            segments.append(re.sub(r"\\(.)", r"\1", quoted))
        else:
            segments.append("*")
        position = match.end()
    return segments


def _jsonpath_children(node: Any, segment: str | int) -> Iterator[Any]:
    if segment == "*":
        if isinstance(node, dict):
            yield from node.values()
        elif isinstance(node, list):
            yield from node
    elif isinstance(segment, int):
        if isinstance(node, list) and -len(node) <= segment < len(node):
            yield node[segment]
    elif isinstance(node, dict) and segment in node:
        yield node[segment]


def _evaluate_jsonpath(document: Any, path: str) -> Any:
    """Jayway-style result: the value for a definite path (``_MISSING`` if absent), a list otherwise."""
    path = (path or "$").strip()
    if not path.startswith("$"):
        path = "$." + path
    segments = _parse_simple_jsonpath(path)
    if segments is None:
        from jsonpath_ng.ext import parse as parse_jsonpath  # only for paths beyond the simple forms

        return [match.value for match in parse_jsonpath(path).find(document)]
    nodes = [document]
    for segment in segments:
        nodes = [child for node in nodes for child in _jsonpath_children(node, segment)]
    if "*" in segments:
        return nodes
    return nodes[0] if nodes else _MISSING


# ---------------------------------------------------------------------------------------------------
# $input and $util
# ---------------------------------------------------------------------------------------------------

_PARAM_LOCATIONS = ("path", "querystring", "header")


class _Input:
    """``$input``."""

    def __init__(self, body: str | None, params: Mapping[str, Mapping[str, str]] | None) -> None:
        self._raw = body or ""
        self._params = _VtlMap((loc, _VtlMap((params or {}).get(loc) or {})) for loc in _PARAM_LOCATIONS)
        for location, values in (params or {}).items():
            self._params.setdefault(location, _to_vtl(values))
        self._document: Any = None
        self._parsed = False

    def __repr__(self) -> str:
        return "$input"

    @property
    def body(self) -> str:
        # AWS: an empty (application/json) payload reads as "{}".
        return self._raw if self._raw else "{}"

    def _root(self) -> Any:
        if not self._parsed:
            self._parsed = True
            try:
                self._document = json.loads(self.body)
            except ValueError:
                self._document = _MISSING  # not JSON: every path is missing
        return self._document

    def _select(self, path: Any) -> Any:
        root = self._root()
        if root is _MISSING:
            return _MISSING
        return _evaluate_jsonpath(root, "$" if path is None or path == "" else str(path))

    def path(self, path: Any = "$") -> Any:
        value = self._select(path)
        return None if value is _MISSING else _to_vtl(value)

    def json(self, path: Any = "$") -> str:
        value = self._select(path)
        if value is _MISSING:
            return '""'
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)

    def params(self, name: Any = None) -> Any:
        if name is None or name == "":
            return self._params
        name = str(name)
        for location in _PARAM_LOCATIONS:
            values = self._params.get(location) or {}
            if name in values:
                return values[name]
        lowered = name.lower()
        for header, value in (self._params.get("header") or {}).items():
            if str(header).lower() == lowered:
                return value
        return None


def _escape_javascript(text: str) -> str:
    """Apache Commons Lang ``StringEscapeUtils.escapeJavaScript`` over UTF-16 code units."""
    out: list[str] = []
    short = {"\b": "\\b", "\n": "\\n", "\t": "\\t", "\f": "\\f", "\r": "\\r"}
    punct = {"'": "\\'", '"': '\\"', "\\": "\\\\", "/": "\\/"}
    for char in text:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04X}\\u{0xDC00 + (code & 0x3FF):04X}")
        elif code > 0x7F:
            out.append(f"\\u{code:04X}")
        elif code < 32:
            out.append(short.get(char, f"\\u{code:04X}"))
        else:
            out.append(punct.get(char, char))
    return "".join(out)


def _as_text(value: Any) -> str:
    return "" if value is None else _java_str(value)


class _Util:
    """``$util``."""

    def __repr__(self) -> str:
        return "$util"

    def escapeJavaScript(self, value: Any) -> str:
        return _escape_javascript(_as_text(value))

    def parseJson(self, value: Any) -> Any:
        try:
            return _to_vtl(json.loads(_as_text(value)))
        except ValueError as exc:
            raise ValueError(f"$util.parseJson: not valid JSON: {exc}") from exc

    def urlEncode(self, value: Any) -> str:
        # java.net.URLEncoder (UTF-8): keeps A-Za-z0-9 . - * _, space -> "+", "~" is encoded.
        return quote_plus(_as_text(value), safe="*").replace("~", "%7E")

    def urlDecode(self, value: Any) -> str:
        return unquote_plus(_as_text(value))

    def base64Encode(self, value: Any) -> str:
        return base64.b64encode(_as_text(value).encode("utf-8")).decode("ascii")

    def base64Decode(self, value: Any) -> str:
        return base64.b64decode(_as_text(value)).decode("utf-8", errors="replace")


# ---------------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedTemplate:
    """A rendered mapping template and the ``$context`` overrides it left behind.

    ``request_override`` / ``response_override`` are the ``$context.requestOverride`` /
    ``$context.responseOverride`` maps after rendering (free-form, as set by ``#set``).  To carry them
    from a request template into the response template (as API Gateway does), pass
    :meth:`context_overrides` merged into the next render's ``context``.
    """

    body: str
    request_override: dict[str, Any] = field(default_factory=dict)
    response_override: dict[str, Any] = field(default_factory=dict)

    @property
    def status_override(self) -> int | None:
        """``$context.responseOverride.status`` as an int, None when unset or not a number."""
        status = self.response_override.get("status")
        if status is None or isinstance(status, bool) or status == "":
            return None
        try:
            return int(str(status).strip())
        except ValueError:
            return None

    @property
    def header_overrides(self) -> dict[str, str]:
        """``$context.responseOverride.header`` (values as strings)."""
        headers = self.response_override.get("header") or {}
        return {str(k): _as_text(v) for k, v in headers.items()}

    def context_overrides(self) -> dict[str, Any]:
        return {
            "requestOverride": copy.deepcopy(self.request_override),
            "responseOverride": copy.deepcopy(self.response_override),
        }


_RESERVED_VARIABLES = frozenset({"input", "util", "context", "stageVariables"})


# airspeed's plain-text pattern reads "#$" as literal text, so "ORDER#$context.requestId" would print
# "$context.requestId" verbatim; in Velocity (and on AWS) a "#" that starts no directive is a literal "#"
# and the reference after it is rendered.  Our templates are parsed with "$" excluded from that
# alternative, so "#" falls through to airspeed's FallthroughHashText and "$..." parses as a reference.
_TEXT_HASH_RUN = r"#[^\{\}a-zA-Z0-9#\*]+"
_PLAIN_TEXT = _vtl_ops.Text.PLAIN
if _TEXT_HASH_RUN not in _PLAIN_TEXT.pattern:  # pragma: no cover - guards an airspeed upgrade
    raise ImportError("airspeed Text.PLAIN changed; revisit the '#$' parsing fix in apigw_templates")
_PLAIN_TEXT_FIXED = re.compile(
    _PLAIN_TEXT.pattern.replace(_TEXT_HASH_RUN, r"#[^\{\}a-zA-Z0-9#\*\$]+"), _PLAIN_TEXT.flags
)
_PARSE_LOCK = threading.Lock()


@functools.lru_cache(maxsize=256)
def _compile(template: str) -> airspeed.Template:
    compiled = airspeed.Template(template)
    with _PARSE_LOCK:
        _vtl_ops.Text.PLAIN = _PLAIN_TEXT_FIXED
        try:
            compiled.ensure_compiled()
        finally:
            _vtl_ops.Text.PLAIN = _PLAIN_TEXT
    return compiled


def render_mapping_template(
    template: str,
    *,
    body: str | None,
    context: Mapping[str, Any],
    params: Mapping[str, Mapping[str, str]] | None,
    stage_variables: Mapping[str, str] | None = None,
    variables: Mapping[str, Any] | None = None,
) -> RenderedTemplate:
    """Render an API Gateway mapping template; returns the text and the ``$context`` overrides.

    ``body`` is the payload the template sees (the method request body for a request template, the
    integration response body for a response template).  ``context`` supplies ``$context`` (never
    mutated); ``params`` is ``{"path": {...}, "querystring": {...}, "header": {...}}``.  ``variables``
    adds extra top-level VTL variables (tests/tools; they cannot shadow the API Gateway ones).
    Raises :class:`TemplateRenderingError` when the template is broken.
    """
    vtl_context = _to_vtl(copy.deepcopy(dict(context)))
    request_override = vtl_context.get("requestOverride")
    if not isinstance(request_override, _VtlMap):
        request_override = vtl_context["requestOverride"] = _VtlMap()
    for location in _PARAM_LOCATIONS:
        if not isinstance(request_override.get(location), _VtlMap):
            request_override[location] = _VtlMap()
    response_override = vtl_context.get("responseOverride")
    if not isinstance(response_override, _VtlMap):
        response_override = vtl_context["responseOverride"] = _VtlMap()
    if not isinstance(response_override.get("header"), _VtlMap):
        response_override["header"] = _VtlMap()

    namespace: dict[str, Any] = {
        name: _to_vtl(value) for name, value in (variables or {}).items() if name not in _RESERVED_VARIABLES
    }
    namespace.update(
        input=_Input(body, params),
        util=_Util(),
        context=vtl_context,
        stageVariables=_VtlMap(stage_variables or {}),
    )
    token = _RENDERING.set(True)
    try:
        text = _compile(template).merge(namespace)
    except airspeed.TemplateError as exc:
        raise TemplateRenderingError(str(exc)) from exc
    finally:
        _RENDERING.reset(token)
    return RenderedTemplate(
        body=text,
        request_override=_to_plain(vtl_context["requestOverride"]),
        response_override=_to_plain(vtl_context["responseOverride"]),
    )


def render_template(
    template: str,
    *,
    body: str | None,
    context: Mapping[str, Any],
    params: Mapping[str, Mapping[str, str]] | None,
    stage_variables: Mapping[str, str] | None = None,
) -> str:
    """Render an API Gateway mapping template to text (see :func:`render_mapping_template`)."""
    return render_mapping_template(
        template, body=body, context=context, params=params, stage_variables=stage_variables
    ).body


# ---------------------------------------------------------------------------------------------------
# Request validation (fge json-schema-validator wording and traversal, jsonschema checks)
# ---------------------------------------------------------------------------------------------------

# fge NodeType enum order, used for "allowed: [...]".
_NODE_TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")
_COMPOSITE_KEYWORDS = frozenset({"allOf", "anyOf", "oneOf", "not", "dependencies"})
_LEAF_KEYWORDS = frozenset(
    {
        "additionalItems",
        "additionalProperties",
        "enum",
        "maxItems",
        "maxLength",
        "maxProperties",
        "maximum",
        "minItems",
        "minLength",
        "minProperties",
        "minimum",
        "multipleOf",
        "pattern",
        "required",
        "type",
        "uniqueItems",
    }
)


def _json_text(value: Any) -> str:
    """Jackson ``JsonNode.toString``: compact JSON, numbers as parsed (BigDecimal for decimals)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        return _java_double_str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{_json_text(str(k))}:{_json_text(v)}" for k, v in value.items()) + "}"
    return "[" + ",".join(_json_text(v) for v in value) + "]"


def _node_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float | Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _with_decimals(data: Any) -> Any:
    """Re-read JSON-ish data with decimals as ``Decimal`` (exact, printed like Java's BigDecimal)."""
    return json.loads(json.dumps(data), parse_float=Decimal)


@dataclass(frozen=True)
class RequestBodyViolation:
    """Why a body failed its model: ``message`` for the client, ``errors`` as AWS words them."""

    errors: tuple[str, ...]
    message: str = INVALID_REQUEST_BODY_MESSAGE

    @property
    def validation_error_string(self) -> str:
        """``$context.error.validationErrorString``: ``[object has missing required properties (["a"])]``."""
        return "[" + ", ".join(self.errors) + "]"


class _ModelValidator:
    """fge's ``InstanceValidator`` walk with jsonschema doing each keyword check."""

    _MODEL_REF = re.compile(r"/models/(?P<name>[^/#]+)(?:#(?P<fragment>.*))?$")

    def __init__(self, schema: Mapping[str, Any], models: Mapping[str, Mapping[str, Any]] | None) -> None:
        self._root = _with_decimals(schema)
        self._models = {name: _with_decimals(model) for name, model in (models or {}).items()}
        for candidate in (self._root, *self._models.values()):
            try:
                Draft4Validator.check_schema(candidate)
            except SchemaError as exc:
                raise ValueError(f"invalid draft-04 model schema: {exc.message}") from exc

    def errors(self, instance: Any) -> list[str]:
        report: list[str] = []
        self._process(instance, self._root, self._root, report)
        return report

    # -- $ref ---------------------------------------------------------------------------------------
    def _resolve(self, schema: Any, root: Any) -> tuple[Any, Any]:
        seen: set[str] = set()
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if ref in seen:
                raise ValueError(f"$ref loop at {ref!r}")
            seen.add(ref)
            if ref.startswith("#"):
                schema = self._pointer(root, ref[1:])
                continue
            match = self._MODEL_REF.search(ref)
            if match is None or match["name"] not in self._models:
                raise ValueError(f"cannot resolve model reference {ref!r}")
            root = self._models[match["name"]]
            schema = self._pointer(root, match["fragment"] or "")
        return schema, root

    @staticmethod
    def _pointer(document: Any, pointer: str) -> Any:
        node = document
        for raw in [p for p in pointer.split("/") if p != ""]:
            token = raw.replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    # -- walk ---------------------------------------------------------------------------------------
    def _is_valid(self, instance: Any, schema: Any, root: Any) -> bool:
        report: list[str] = []
        self._process(instance, schema, root, report)
        return not report

    def _process(self, instance: Any, schema: Any, root: Any, report: list[str]) -> None:
        schema, root = self._resolve(schema, root)
        if not isinstance(schema, dict):
            return
        for keyword in sorted(schema):  # fge builds its keyword validators in a TreeMap
            if keyword in _COMPOSITE_KEYWORDS:
                self._composite(keyword, instance, schema, root, report)
            elif keyword in _LEAF_KEYWORDS:
                message = self._leaf(keyword, instance, schema)
                if message is not None:
                    report.append(message)
        if report:  # fge stops descending as soon as the report holds an error
            return
        if isinstance(instance, dict):
            properties = schema.get("properties") or {}
            patterns = schema.get("patternProperties") or {}
            additional = schema.get("additionalProperties", {})
            for name in sorted(instance):
                subschemas = [properties[name]] if name in properties else []
                subschemas += [sub for pattern, sub in patterns.items() if ecma_regex(pattern).search(name)]
                if not subschemas and isinstance(additional, dict):
                    subschemas = [additional]
                for subschema in subschemas:
                    self._process(instance[name], subschema, root, report)
        elif isinstance(instance, list):
            items = schema.get("items", {})
            additional_items = schema.get("additionalItems", {})
            for index, element in enumerate(instance):
                if isinstance(items, list):
                    subschema = items[index] if index < len(items) else additional_items
                else:
                    subschema = items
                if isinstance(subschema, dict):
                    self._process(element, subschema, root, report)

    def _composite(self, keyword: str, instance: Any, schema: dict, root: Any, report: list[str]) -> None:
        value = schema[keyword]
        if keyword == "dependencies":
            if not isinstance(instance, dict):
                return
            for name in value:
                if name not in instance:
                    continue
                dependency = value[name]
                if isinstance(dependency, list):
                    missing = [d for d in dependency if d not in instance]
                    if missing:
                        report.append(
                            f'property "{name}" of object has missing property dependencies '
                            f"(schema requires {_json_text(dependency)}; missing: {_json_text(missing)})"
                        )
                else:
                    self._process(instance, dependency, root, report)
            return
        if keyword == "not":
            if self._is_valid(instance, value, root):
                report.append("instance matched a schema which it should not have")
            return
        matched = sum(self._is_valid(instance, sub, root) for sub in value)
        total = len(value)
        if keyword == "allOf" and matched != total:
            report.append(f"instance failed to match all required schemas (matched only {matched} out of {total})")
        elif keyword == "anyOf" and matched == 0:
            report.append(f"instance failed to match at least one required schema among {total}")
        elif keyword == "oneOf" and matched != 1:
            report.append(f"instance failed to match exactly one schema (matched {matched} out of {total})")

    @staticmethod
    def _leaf(keyword: str, instance: Any, schema: dict) -> str | None:
        value = schema[keyword]
        check: dict[str, Any] = {keyword: value}
        if keyword in ("minimum", "maximum"):
            exclusive = "exclusiveMinimum" if keyword == "minimum" else "exclusiveMaximum"
            check[exclusive] = schema.get(exclusive, False)
        elif keyword == "additionalProperties":
            if value is not False:
                return None  # a schema here applies to the children, during the descent
            check["properties"] = {name: {} for name in schema.get("properties") or {}}
            check["patternProperties"] = {pattern: {} for pattern in schema.get("patternProperties") or {}}
        elif keyword == "additionalItems":
            items = schema.get("items", {})
            if value is not False or not isinstance(items, list):
                return None
            check["items"] = [{} for _ in items]
        if _Draft4Ecma(check).is_valid(instance):
            return None
        return _leaf_message(keyword, instance, schema, check)


def _leaf_message(keyword: str, instance: Any, schema: dict, check: dict) -> str:
    value = schema[keyword]
    if keyword == "type":
        allowed = {value} if isinstance(value, str) else set(value)
        if "number" in allowed:
            allowed.add("integer")
        names = [t for t in _NODE_TYPES if t in allowed]
        return (
            f"instance type ({_node_type(instance)}) does not match any allowed primitive type "
            f"(allowed: {_json_text(names)})"
        )
    if keyword == "required":
        missing = sorted(name for name in value if name not in instance)
        return f"object has missing required properties ({_json_text(missing)})"
    if keyword == "enum":
        return f"instance value ({_json_text(instance)}) not found in enum (possible values: {_json_text(value)})"
    if keyword == "minimum":
        if instance == value and check.get("exclusiveMinimum"):
            return f"numeric instance is not strictly greater than the required minimum {_json_text(value)}"
        return (
            f"numeric instance is lower than the required minimum "
            f"(minimum: {_json_text(value)}, found: {_json_text(instance)})"
        )
    if keyword == "maximum":
        if instance == value and check.get("exclusiveMaximum"):
            return f"numeric instance is not strictly lower than the required maximum {_json_text(value)}"
        return (
            f"numeric instance is greater than the required maximum "
            f"(maximum: {_json_text(value)}, found: {_json_text(instance)})"
        )
    if keyword == "minLength":
        return f'string "{instance}" is too short (length: {len(instance)}, required minimum: {value})'
    if keyword == "maxLength":
        return f'string "{instance}" is too long (length: {len(instance)}, maximum allowed: {value})'
    if keyword == "pattern":
        return f'ECMA 262 regex "{value}" does not match input string "{instance}"'
    if keyword == "minItems":
        return f"array is too short: must have at least {value} elements but instance has {len(instance)} elements"
    if keyword == "maxItems":
        return f"array is too long: must have at most {value} elements but instance has {len(instance)} elements"
    if keyword == "uniqueItems":
        return "array must not contain duplicate elements"
    if keyword == "multipleOf":
        return f"remainder of division is not zero ({_json_text(instance)} / {_json_text(value)})"
    if keyword == "minProperties":
        return f"object has too few properties (found {len(instance)} but schema requires at least {value})"
    if keyword == "maxProperties":
        return f"object has too many properties (found {len(instance)} but schema requires at most {value})"
    if keyword == "additionalProperties":
        patterns = list(check["patternProperties"])
        unwanted = sorted(
            name
            for name in instance
            if name not in check["properties"] and not any(ecma_regex(p).search(name) for p in patterns)
        )
        return f"object instance has properties which are not allowed by the schema: {_json_text(unwanted)}"
    if keyword == "additionalItems":
        return f"schema only allows {len(check['items'])} elements in array but instance has {len(instance)} elements"
    raise AssertionError(f"no message for keyword {keyword!r}")  # pragma: no cover


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def check_request_body(
    schema: Mapping[str, Any],
    body: str | None,
    *,
    models: Mapping[str, Mapping[str, Any]] | None = None,
) -> RequestBodyViolation | None:
    """Validate a request body against a draft-04 model the way API Gateway's validator does.

    An empty body is validated as ``{}`` (as API Gateway treats an empty JSON payload).  ``models``
    resolves ``$ref``s to other models of the API (``.../models/<Name>``).  Returns None when valid.
    A body that is not JSON at all is rejected too (that error's wording is local, not AWS-recorded).
    Raises ValueError if the schema itself is not a valid draft-04 schema.
    """
    validator = _ModelValidator(schema, models)
    try:
        instance = json.loads(body or "{}", parse_float=Decimal, parse_constant=_reject_constant)
    except ValueError as exc:
        return RequestBodyViolation(errors=(f"request body is not valid JSON: {exc}",))
    errors = validator.errors(instance)
    return RequestBodyViolation(errors=tuple(errors)) if errors else None


def validate_request_body(
    schema: Mapping[str, Any],
    body: str | None,
    *,
    models: Mapping[str, Mapping[str, Any]] | None = None,
) -> str | None:
    """None when ``body`` satisfies the model, else AWS's violation list (``validationErrorString``).

    E.g. ``[object has missing required properties (["customerId"])]``.  The client-visible message
    that goes with it is always :data:`INVALID_REQUEST_BODY_MESSAGE` (``Invalid request body``); use
    :func:`check_request_body` to get both as one object.
    """
    violation = check_request_body(schema, body, models=models)
    return None if violation is None else violation.validation_error_string


def validate_required_parameters(
    request_parameters: Mapping[str, bool],
    params: Mapping[str, Mapping[str, str]] | None,
) -> str | None:
    """Check a method's required request parameters (``validateRequestParameters``).

    ``request_parameters`` is the method's ``requestParameters`` map
    (``{"method.request.querystring.customerId": True, ...}``); ``params`` is the request's
    ``{"path": ..., "querystring": ..., "header": ...}``.  Header names match case-insensitively; a
    parameter present with an empty value counts as present.  Returns None, or API Gateway's
    ``Missing required request parameters: [a, b]`` (ordered by the full parameter key).
    """
    params = params or {}
    missing: list[str] = []
    for key, required in sorted(request_parameters.items()):
        if not required:
            continue
        location, _, name = key.removeprefix("method.request.").partition(".")
        values = params.get(location) or {}
        if location == "header":
            present = name.lower() in {str(header).lower() for header in values}
        else:
            present = name in values
        if not present:
            missing.append(name)
    if not missing:
        return None
    return f"Missing required request parameters: [{', '.join(missing)}]"
