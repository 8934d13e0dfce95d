"""Contract check: every real response of the black-box suites must match docs/openapi.json.

harness.MamonServer.request() hands each response to check_response(). For a request to a
documented path (or any path under /api/) it finds the operation (path template, trailing slash
optional, HEAD served by GET), requires the status to be documented for that operation (or by a
`default`, or one of the document's `x-common-responses` that any request may get, such as 408 or
503), and validates the body against the response's schema. A path under /api/ that matches no
template must be a 404 (a path that matches with another method: 405) with the Error envelope.

The JSON-Schema subset the document uses: $ref (local), type (OpenAPI 3.0 `nullable` and 3.1
type lists), properties, required, additionalProperties, items, enum, oneOf / anyOf / allOf,
minimum / maximum / exclusiveMinimum / exclusiveMaximum, multipleOf (exactly, on the decimal
text), x-decimal-places (at most that many decimals), minLength / maxLength, pattern, minItems / maxItems, format date-time / uri (light checks).

Mode (MAMON_OPENAPI_CONTRACT):
  strict (default)  a violation raises AssertionError in the request that got the response
  report            violations are collected and printed when the process exits (nothing fails)
  off               no checks
stdlib only.
"""
import atexit
import datetime
import decimal
import json
import os
import re
import sys
import urllib.parse

DOC_PATH = os.environ.get(
    "MAMON_OPENAPI_DOC",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "openapi.json"))
MODE = os.environ.get("MAMON_OPENAPI_CONTRACT", "strict")

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Answers today's server still gives that the document (the wire after issue 7's changes) no longer
# allows. Keyed by the JSON pointer of the schema in the document; each value accepts the old
# answer. Remove an entry once the server change has landed (and the suites still pass).
# Answers of an older server that the document no longer describes, allowed while a change is
# on its way: schema pointer -> predicate on the value. Empty: the server is what the document says.
TRANSITIONAL = {}
# Statuses an older server still answered that the document no longer lists: (METHOD, path
# template, status) -> the change that removes it. Empty, as above.
TRANSITIONAL_STATUS = {}


class Violation:
    def __init__(self, operation, status, pointer, message):
        self.operation = operation
        self.status = status
        self.pointer = pointer
        self.message = message

    def __str__(self):
        where = f" at {self.pointer}" if self.pointer else ""
        return f"{self.operation} -> {self.status}{where}: {self.message}"


# --- JSON-Schema subset --------------------------------------------------------------------------

def _pointer_escape(token):
    return str(token).replace("~", "~0").replace("/", "~1")


def _pointer_get(doc, ref):
    if not ref.startswith("#"):
        raise ValueError(f"only local $ref are supported: {ref}")
    node = doc
    for token in ref[1:].split("/")[1:]:
        token = urllib.parse.unquote(token).replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(token)]
        else:
            node = node[token]
    return node


def _type_name(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _has_type(value, name):
    actual = _type_name(value)
    if name == "number":
        return actual in ("integer", "number")
    return actual == name


_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def _format_error(fmt, value):
    if fmt == "date-time":
        if not _DATE_TIME.match(value):
            return f"{value!r} is not an RFC 3339 date-time with an offset"
        try:
            datetime.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            return f"{value!r} is not a valid date-time"
    elif fmt == "uri":
        parts = urllib.parse.urlsplit(value)
        if not parts.scheme or not (parts.netloc or parts.scheme in ("mailto", "urn", "data")):
            return f"{value!r} is not an absolute URI"
    return None


def _decimal(value):
    return decimal.Decimal(repr(value)) if isinstance(value, float) else decimal.Decimal(value)


class Validator:
    """Validates JSON values against schemas of one OpenAPI document."""

    def __init__(self, document, transitional=None):
        self.doc = document
        self.transitional = TRANSITIONAL if transitional is None else transitional

    def validate(self, schema, value, schema_ptr="#"):
        """Returns a list of (instance pointer, message) for `value` against `schema`."""
        errors = []
        self._validate(schema, value, "", schema_ptr, errors)
        return errors

    def _validate(self, schema, value, ptr, sptr, errors):
        if schema is True or schema is None:
            return
        if schema is False:
            errors.append((ptr, "no value is allowed here"))
            return
        if "$ref" in schema:
            ref = schema["$ref"]
            target = _pointer_get(self.doc, ref)
            before = len(errors)
            self._validate(target, value, ptr, ref, errors)
            siblings = {k: v for k, v in schema.items() if k not in ("$ref", "description")}
            if siblings:  # 3.1 allows keywords beside $ref
                self._validate(siblings, value, ptr, sptr, errors)
            self._tolerate(sptr, value, errors, before)
            return
        before = len(errors)
        self._validate_here(schema, value, ptr, sptr, errors)
        self._tolerate(sptr, value, errors, before)

    def _tolerate(self, sptr, value, errors, before):
        accept = self.transitional.get(sptr)
        if accept is not None and len(errors) > before and accept(value):
            del errors[before:]

    def _validate_here(self, schema, value, ptr, sptr, errors):
        # type / nullable
        types = schema.get("type")
        if isinstance(types, str):
            types = [types]
        if value is None and (schema.get("nullable") is True or (types and "null" in types)):
            return
        if types is not None and not any(_has_type(value, t) for t in types):
            if value is None:
                errors.append((ptr, f"null where {'/'.join(types)} is required (not nullable)"))
            else:
                errors.append((ptr, f"expected {'/'.join(types)}, got {_type_name(value)} "
                                    f"{json.dumps(value)[:80]}"))
            return
        if value is None and types is None and schema.get("nullable") is False:
            errors.append((ptr, "null where the schema is not nullable"))
            return

        if "enum" in schema and value not in schema["enum"]:
            errors.append((ptr, f"{json.dumps(value)[:80]} is not one of {schema['enum']}"))

        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword not in schema:
                continue
            results = []
            for i, sub in enumerate(schema[keyword]):
                sub_errors = []
                self._validate(sub, value, ptr, f"{sptr}/{keyword}/{i}", sub_errors)
                results.append(sub_errors)
            passing = [r for r in results if not r]
            if keyword == "allOf":
                for sub_errors in results:
                    errors.extend(sub_errors)
            elif keyword == "anyOf" and not passing:
                errors.append((ptr, "matches none of anyOf: " +
                               "; ".join(_brief(r) for r in results)))
            elif keyword == "oneOf" and len(passing) != 1:
                if not passing:
                    errors.append((ptr, "matches none of oneOf: " +
                                   "; ".join(_brief(r) for r in results)))
                else:
                    errors.append((ptr, f"matches {len(passing)} of oneOf, exactly 1 required"))

        if isinstance(value, bool):
            pass
        elif isinstance(value, (int, float)):
            self._numeric(schema, value, ptr, errors)
        elif isinstance(value, str):
            if "minLength" in schema and len(value) < schema["minLength"]:
                errors.append((ptr, f"{value!r} is shorter than {schema['minLength']}"))
            if "maxLength" in schema and len(value) > schema["maxLength"]:
                errors.append((ptr, f"string longer than {schema['maxLength']}"))
            if "pattern" in schema and not re.search(schema["pattern"], value):
                errors.append((ptr, f"{value!r} does not match {schema['pattern']}"))
            if "format" in schema:
                problem = _format_error(schema["format"], value)
                if problem:
                    errors.append((ptr, problem))
        elif isinstance(value, list):
            if "minItems" in schema and len(value) < schema["minItems"]:
                errors.append((ptr, f"{len(value)} items, at least {schema['minItems']} required"))
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                errors.append((ptr, f"{len(value)} items, at most {schema['maxItems']} allowed"))
            if "items" in schema:
                for i, item in enumerate(value):
                    self._validate(schema["items"], item, f"{ptr}/{i}", f"{sptr}/items", errors)
        elif isinstance(value, dict):
            for name in schema.get("required", []):
                if name not in value:
                    errors.append((ptr, f"required property {name!r} is missing"))
            properties = schema.get("properties", {})
            extra = schema.get("additionalProperties", True)
            for name, item in value.items():
                child = f"{ptr}/{_pointer_escape(name)}"
                if name in properties:
                    self._validate(properties[name], item, child,
                                   f"{sptr}/properties/{_pointer_escape(name)}", errors)
                elif extra is False:
                    errors.append((child, f"property {name!r} is not allowed "
                                          "(additionalProperties: false)"))
                elif isinstance(extra, dict):
                    self._validate(extra, item, child, f"{sptr}/additionalProperties", errors)

    @staticmethod
    def _numeric(schema, value, ptr, errors):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append((ptr, f"{value} is below the minimum {schema['minimum']}"))
        if "maximum" in schema and value > schema["maximum"]:
            errors.append((ptr, f"{value} is above the maximum {schema['maximum']}"))
        low = schema.get("exclusiveMinimum")
        if isinstance(low, (int, float)) and not isinstance(low, bool) and value <= low:
            errors.append((ptr, f"{value} is not above {low}"))
        high = schema.get("exclusiveMaximum")
        if isinstance(high, (int, float)) and not isinstance(high, bool) and value >= high:
            errors.append((ptr, f"{value} is not below {high}"))
        places = schema.get("x-decimal-places")
        if places is not None and -_decimal(value).normalize().as_tuple().exponent > places:
            errors.append((ptr, f"{value} has more than {places} decimals"))
        if "multipleOf" in schema:
            step = _decimal(schema["multipleOf"])
            if _decimal(value) % step != 0:
                errors.append((ptr, f"{value} is not a multiple of {schema['multipleOf']}"))


def _brief(errors):
    return ", ".join(f"{p or '/'}: {m}" for p, m in errors[:3])


# --- operations ----------------------------------------------------------------------------------

def _segments(path):
    path = path.rstrip("/")
    return path.split("/")[1:] if path else []


class Contract:
    """One OpenAPI document: find the operation of a request, check a response against it."""

    def __init__(self, document, transitional=None):
        self.doc = document
        self.validator = Validator(document, transitional)
        self.templates = []
        for template, item in document.get("paths", {}).items():
            item = self._deref(item)
            segments = []
            for seg in _segments(template):
                match = re.fullmatch(r"\{([^}]+)\}", seg)
                segments.append(("param", match.group(1)) if match else ("literal", seg))
            self.templates.append((template, item, segments))
        self.common = document.get("x-common-responses", {})

    @classmethod
    def load(cls, path=DOC_PATH):
        with open(path, encoding="utf-8") as f:
            return cls(json.load(f))

    def _deref(self, node):
        while isinstance(node, dict) and "$ref" in node:
            node = _pointer_get(self.doc, node["$ref"])
        return node

    def _parameter(self, item, operations, name):
        for params in [item.get("parameters", [])] + [op.get("parameters", []) for op in operations]:
            for p in params:
                p = self._deref(p)
                if p.get("in") == "path" and p.get("name") == name:
                    return p
        return {}

    def _matches(self, item, segments, actual):
        operations = [self._deref(item[m]) for m in HTTP_METHODS if m in item]
        i = 0
        score = []
        for n, (kind, text) in enumerate(segments):
            if i >= len(actual):
                return None
            if kind == "literal":
                if actual[i] != text:
                    return None
                score.append(1)
                i += 1
                continue
            param = self._parameter(item, operations, text)
            if param.get("x-matches-slashes") and n == len(segments) - 1:
                i = len(actual)
                score.append(0)
                continue
            seg = urllib.parse.unquote(actual[i])
            if not seg:
                return None
            if (param.get("schema") or {}).get("type") == "integer" and not \
                    re.fullmatch(r"-?\d+", seg):
                return None  # the router's {id} matches decimal numbers only
            score.append(0)
            i += 1
        if i != len(actual):
            return None
        return score

    def find_path(self, path):
        """The (template, path item) that serves `path` (literals win over parameters)."""
        actual = _segments(urllib.parse.urlsplit(path).path)
        best = None
        for template, item, segments in self.templates:
            score = self._matches(item, segments, actual)
            if score is not None and (best is None or score > best[0]):
                best = (score, template, item)
        return (best[1], best[2]) if best else (None, None)

    def check(self, method, path, status, headers, raw):
        """Violations (a list) of one response to `method path`."""
        method = method.lower()
        plain_path = urllib.parse.urlsplit(path).path
        template, item = self.find_path(plain_path)
        if template is None:
            if not plain_path.startswith("/api/") and plain_path != "/api":
                return []  # not the API (web pages, static files): outside this document
            name = f"{method.upper()} {plain_path} (no documented path)"
            return self._check_error_only(name, status, headers, raw, (404,))
        if method == "options" and "options" not in item:
            return []  # CORS preflight, answered by the middleware for every path
        op_method = "get" if method == "head" and "head" not in item else method
        if op_method not in item:
            name = f"{method.upper()} {template} (method not documented)"
            return self._check_error_only(name, status, headers, raw, (405,))
        operation = self._deref(item[op_method])
        name = f"{method.upper()} {template}"
        responses = operation.get("responses", {})
        response = responses.get(str(status))
        if response is None:
            response = responses.get(f"{str(status)[0]}XX") or responses.get(f"{str(status)[0]}xx")
        if response is None:
            response = self.common.get(str(status))
        if response is None:
            response = responses.get("default")
        if response is None and (method.upper(), template, status) in TRANSITIONAL_STATUS:
            return self._check_error_only(name, status, headers, raw, (status,))
        if response is None:
            return [Violation(name, status, "",
                              f"status {status} is not documented (documented: "
                              f"{', '.join(sorted(responses))}); body {raw[:200]!r}")]
        response = self._deref(response)
        violations = self._check_headers(name, status, response, headers)
        if method == "head":
            return violations
        return violations + self._check_body(name, status, response, headers, raw)

    def _check_error_only(self, name, status, headers, raw, allowed):
        if status not in allowed and str(status) not in self.common:
            return [Violation(name, status, "", f"expected {' or '.join(map(str, allowed))}; "
                                                f"body {raw[:200]!r}")]
        error = {"content": {"application/json": {"schema": {"$ref":
                                                             "#/components/schemas/Error"}}}}
        return self._check_body(name, status, error, headers, raw)

    def _check_headers(self, name, status, response, headers):
        violations = []
        for header, spec in (response.get("headers") or {}).items():
            spec = self._deref(spec)
            value = headers.get(header) if headers is not None else None
            if value is None:
                if spec.get("required"):
                    violations.append(Violation(name, status, f"header {header}",
                                                "required header is missing"))
                continue
            schema = spec.get("schema") or {}
            if schema.get("type") == "integer":
                if not re.fullmatch(r"-?\d+", value.strip()):
                    violations.append(Violation(name, status, f"header {header}",
                                                f"{value!r} is not an integer"))
                    continue
                for _, message in self.validator.validate(schema, int(value)):
                    violations.append(Violation(name, status, f"header {header}", message))
        return violations

    def _check_body(self, name, status, response, headers, raw):
        content = response.get("content")
        if not content:
            if raw:
                return [Violation(name, status, "", f"documented without a body, got {raw[:200]!r}")]
            return []
        ctype = (headers.get("Content-Type") if headers is not None else None) or ""
        media = ctype.split(";")[0].strip().lower()
        json_spec = content.get("application/json")
        if json_spec is None:
            if media and not any(_media_matches(m, media) for m in content):
                return [Violation(name, status, "", f"Content-Type {ctype!r} is not one of "
                                                    f"{', '.join(content)}")]
            return []
        if media != "application/json":
            return [Violation(name, status, "", f"Content-Type {ctype!r}, expected "
                                                f"application/json; body {raw[:200]!r}")]
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as err:
            return [Violation(name, status, "", f"the body is not JSON ({err}): {raw[:200]!r}")]
        schema = json_spec.get("schema")
        if schema is None:
            return []
        return [Violation(name, status, ptr or "/", message)
                for ptr, message in self.validator.validate(schema, body)]


def _media_matches(pattern, media):
    pattern = pattern.split(";")[0].strip().lower()
    if pattern in ("*/*", media):
        return True
    return pattern.endswith("/*") and media.startswith(pattern[:-1])


# --- the hook ------------------------------------------------------------------------------------

_contract = None
collected = []  # every Violation seen in this process (all modes)
checked = {}  # "METHOD template status" -> responses checked (report mode prints it)


def contract():
    global _contract
    if _contract is None:
        _contract = Contract.load()
    return _contract


def check_response(method, path, response):
    """Called by harness.MamonServer.request() for every response (a harness.Response)."""
    if MODE == "off":
        return
    violations = contract().check(method, path, response.status, response.headers, response.raw)
    if MODE == "report":
        template = contract().find_path(urllib.parse.urlsplit(path).path)[0] or path
        key = f"{method.upper()} {template} {response.status}"
        checked[key] = checked.get(key, 0) + 1
    if not violations:
        return
    collected.extend(violations)
    if MODE == "strict":
        raise AssertionError("response does not match docs/openapi.json:\n  " +
                             "\n  ".join(str(v) for v in violations))


def _report():
    if MODE == "report":
        sys.stderr.write(f"\nOpenAPI contract: {sum(checked.values())} responses checked:\n")
        for key, count in sorted(checked.items()):
            sys.stderr.write(f"  {count:5d}  {key}\n")
    if MODE == "report" and collected:
        seen = {}
        for v in collected:
            seen.setdefault(str(v), 0)
            seen[str(v)] += 1
        sys.stderr.write(f"\n{len(collected)} OpenAPI contract violations "
                         f"({len(seen)} distinct):\n")
        for text, count in sorted(seen.items()):
            sys.stderr.write(f"  [{count}x] {text}\n")


atexit.register(_report)
